// SPDX-License-Identifier: MIT
/*
 * kmalloc and friends: the allocator's entry points. The design in short
 * (docs/design.md has the long version):
 *
 * Vocabulary
 *   page        PAGE_SIZE bytes; pfn = address >> PAGE_SHIFT
 *   arena       ARENA_SIZE of address space; its metadata (heap_arena) is
 *               made the first time the heap grows into it
 *   arena index key >> ARENA_SHIFT -> heap_arena, flat on 32-bit
 *   span        a run of pages: free, a small span cut into objects of one
 *               size class, or one large object
 *   central     per class: spans no CPU owns (partial, full)
 *   cpu cache   per CPU and class: the span that CPU allocates from and
 *               the free objects of one word of its bitmap
 *
 * Allocation of n bytes
 *   1. n <= SC_MAX_SMALL: class c = sizeclass_of(n) (two table lookups).
 *   2. Fast path: the lowest free object of the CPU's cached word for c;
 *      set its allocation bit. IRQs masked, no lock, no loop.
 *   3. Word used up: the next word of the span with free objects; span
 *      full: give it to central[c] and take a partial or empty one, or a
 *      new span from the page allocator (central lock, then heap lock).
 *   4. n > SC_MAX_SMALL: a run of whole pages (heap lock, mm/large.c): a
 *      freed run kept for reuse that fits, else from the page allocator,
 *      lowest address first.
 *
 * Free of p: address -> arena index -> heap_arena -> page -> span -> object
 * (mm/lookup.h, the one place that finds an object from its address).
 * Nothing else finds metadata. One multiply gives the object index and
 * whether p starts an object (span_obj_index()); clearing the allocation
 * bit atomically tells whether it was allocated. Anything else is reported
 * and ignored. No lock, whichever CPU owns the span: only a free that
 * moves an unowned span off the full list or onto the empty one takes the
 * class lock (central_span_moved()).
 *
 * Locks, in the order they nest (every one taken with IRQs masked, so
 * every entry point may be called from IRQ context; none sleeps):
 *   central[c].lock   a class's lists and the owners of its spans
 *                     (central.c); lower classes first when several
 *   mheap.lock        the page allocator, arenas, span structs, kept
 *                     large runs, persistent metadata, the tag arrays of
 *                     typed objects (page_alloc.c, arena.c, large.c,
 *                     typed.c)
 *   roots->lock       the scan's root table (scan.c): alone, or last
 *                     under the others while a scan marks
 *   slab_pool->lock   destroyed kmem_caches (slab.c): always alone
 * The glue's locks (glue/malloc_lock.c) sit above all of these: the C
 * library holds them while it calls in.
 *
 * Bounds: the fast paths are O(1); a refill is O(bitmap words of one
 * span) (at most 16) plus, per span, one page allocation; a page
 * allocation is O(log free runs) expected, plus arena growth, O(pages of
 * one arena), once per arena.
 */
#include "central.h"
#include "cpu_cache.h"
#include "debug.h"
#include "init.h"
#include "kmalloc.h"
#include "large.h"
#include "lookup.h"
#include "report.h"
#include "tiny.h"
#include "typed.h"

unsigned long kfree_bad_count;

void kfree_report_bad(const void *p, unsigned long caller, const char *why)
{
	__atomic_fetch_add(&kfree_bad_count, 1, __ATOMIC_RELAXED);
	printk(MM_MSG("mm: bad free %p from 0x%lx: %s\n",
		      "mm: bad free of %p from 0x%lx: %s; ignored\n"),
	       p, caller, why);
}

/*
 * The class of @want bytes at @align, 0 for a page run. Tiny only there
 * are no class spans, just the same bound, with no table: up to the
 * largest class, which is a multiple of every alignment up to a page.
 */
static unsigned int kmalloc_class(size_t want, size_t align)
{
	if (MM_TINY_ONLY)
		return want <= SC_MAX_SMALL_SIZE && align <= PAGE_SIZE;
	return align <= MM_MIN_ALIGN ? sizeclass_of(want)
				     : sizeclass_for_aligned(want, align);
}

/*
 * Requests the fast paths take: below debug level 2 (no red zones, no
 * validation after each call), no zeroing, and no work for the heap
 * bitmap (a small span's bitmap already describes untyped objects).
 * kmalloc()'s also needs a size its first class table covers (one range
 * check, one lookup); the rest is a tail call to kmalloc_caller().
 */
#define MM_FAST_PATH	(CONFIG_MM_DEBUG_LEVEL < 2)
#define KMALLOC_SLOW_FLAGS \
	(__GFP_ZERO | (IS_ENABLED(CONFIG_MM_HEAP_BITMAP) ? __GFP_NOSCAN : 0u))

/* A class object with @flags needs nothing after it is taken. */
static inline bool kmalloc_plain(gfp_t flags)
{
	return MM_FAST_PATH && !(flags & KMALLOC_SLOW_FLAGS);
}

/*
 * A run of pages for @want bytes at @align (<= MM_MIN_ALIGN: power-of-two
 * sizes stay naturally aligned up to 1 MiB, others get a page); its span
 * in *@sp. NULL when out of memory.
 */
static void *kmalloc_large(size_t want, size_t align, struct span **sp)
{
	struct span *s;

	if (align <= MM_MIN_ALIGN)
		align = is_power_of_2(want) ? min(want, MM_MAX_ALIGN)
					    : PAGE_SIZE;
	s = large_alloc(want, max(align, PAGE_SIZE), false);
	*sp = s;
	return s ? (void *)span_base(s) : NULL;
}

/*
 * The heap bits of new object @p of @objsize bytes, in span @s (NULL for
 * a tiny one). A kept run whose bits say "untyped" already serves an
 * untyped object as it is (typed_alloc() would only say so again). A
 * small span's union reads anything there, but an untyped small object
 * has nothing to do either.
 */
static inline void kmalloc_bits(struct span *s, void *p, size_t objsize,
				gfp_t flags)
{
	if (!(s && s->bits_untyped && !(flags & __GFP_NOSCAN)))
		typed_on_alloc(s, p, objsize, flags);
}

/*
 * The one allocation path: @size bytes at @align (<= MM_MIN_ALIGN: the
 * natural kmalloc alignment), for @caller. Debug levels >= 2 add a red
 * zone and a trailer behind the object (mm/debug.c).
 */
static void *__noinline kmalloc_any(size_t size, size_t align, gfp_t flags,
				    unsigned long caller)
{
	size_t want = size + dbg_extra(), objsize;
	struct span *s = NULL;
	unsigned int c;
	void *p;

	if (unlikely(!size))
		return ZERO_SIZE_PTR;
	if (unlikely(size > SIZE_MAX - MM_MAX_ALIGN - dbg_extra()))
		return NULL;
	/* With a red zone the slot is no power of two: ask for the natural
	 * alignment explicitly. */
	if (MM_DEBUG_REDZONES && align <= MM_MIN_ALIGN && is_power_of_2(size))
		align = min(size, MM_MAX_ALIGN);
	c = kmalloc_class(want, align);
	if (c && tiny_serves(want, align, flags)) {
		p = tiny_alloc(want, align, &objsize);	/* a tiny heap's */
	} else if (likely(c) && !MM_TINY_ONLY) {
		p = cpu_cache_alloc(c, &s);	/* the fast path */
		/* Nothing more for an untyped object with no extras: most
		 * of what kmalloc()'s own fast path leaves here. */
		if (kmalloc_plain(flags))
			return p;
		objsize = sizeclass_size(c);
	} else {
		p = kmalloc_large(want, align, &s);
		objsize = s ? s->npages << PAGE_SHIFT : 0;
	}
	if (unlikely(!p))
		return NULL;
	dbg_on_alloc(p, objsize, size, caller, c != 0);
	kmalloc_bits(s, p, objsize, flags);
	if (flags & __GFP_ZERO)
		memset(p, 0, dbg_usable(objsize, size));
	dbg_validate();
	return p;
}

/* Past the class fast paths: a plain large object with no extras
 * straight to its run of pages, all else to kmalloc_any(). */
static void *__noinline kmalloc_caller_slow(size_t size, size_t align,
					    gfp_t flags, unsigned long caller)
{
	struct span *s;
	void *p;

	/* Tiny only: large objects are rare, the code is what counts. */
	if (MM_TINY_ONLY || !kmalloc_plain(flags) || align > MM_MIN_ALIGN ||
	    size <= SC_MAX_SMALL_SIZE)	/* 0 too */
		return kmalloc_any(size, align, flags, caller);
	p = kmalloc_large(size, 0, &s);
	if (p)
		kmalloc_bits(s, p, s->npages << PAGE_SHIFT, flags);
	return p;
}

/*
 * For kmem_cache, aligned requests and krealloc: an object of exactly the
 * class of @size, never a borrowed one. The class fast path only,
 * without kmalloc_any()'s frame and tests.
 */
void *kmalloc_caller(size_t size, size_t align, gfp_t flags,
		     unsigned long caller)
{
	struct span *s;
	unsigned int c;

	if (kmalloc_plain(flags) && !MM_TINY_ONLY && align <= MM_MIN_ALIGN &&
	    size - 1 < SC_MAX_SMALL_SIZE && !tiny_serves(size, align, flags) &&
	    (c = sizeclass_of(size)))
		return cpu_cache_alloc(c, &s);
	return kmalloc_caller_slow(size, align, flags, caller);
}

/*
 * What kmalloc()'s fast path leaves here (all of `mixed`'s calls above
 * 1 KiB): a size above its table, or extras. A plain class size takes
 * the same fast path on the second part of the CPU's size table, and
 * like the first it may borrow a larger class when memory is out. Its
 * caller argument stays (__noipa): kmalloc() on Cortex-M3 then returns
 * with one pop, not two instructions.
 */
static void *__noipa kmalloc_slow(size_t size, gfp_t flags,
				  unsigned long caller)
{
	if (kmalloc_plain(flags) && !MM_TINY_ONLY &&
	    size - 1 < SC_MAX_SMALL_SIZE)
		return cpu_cache_kmalloc(size, cpu_cache_size_index(size));
	return kmalloc_caller_slow(size, 0, flags, caller);
}

static __always_inline void *kmalloc_fast(size_t size, gfp_t flags,
					  unsigned long caller)
{
	/* One test for both: a slow flag, or size - 1 >= SC_LUT8_MAX (a
	 * power of two; size 0 wraps). One instruction less on 32-bit ARM,
	 * where the bars are tightest; two more on x86-64. */
	if (!MM_FAST_PATH || MM_TINY_ONLY ||
	    ((flags & KMALLOC_SLOW_FLAGS) | (size - 1) / SC_LUT8_MAX))
		return kmalloc_slow(size, flags, caller);
	return cpu_cache_kmalloc(size, (size - 1) / SC_LUT8_STEP);
}

void *kmalloc(size_t size, gfp_t flags)
{
	return kmalloc_fast(size, flags, caller_address());
}

void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc_fast(size, flags | __GFP_ZERO, caller_address());
}

void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kmalloc_fast(n * size, flags | __GFP_ZERO, caller_address());
}

void *kmalloc_aligned(size_t size, size_t align, gfp_t flags)
{
	if (!is_power_of_2(align) || align > MM_MAX_ALIGN)
		return NULL;
	return kmalloc_caller(size, align, flags, caller_address());
}

static int __noinline __cold bad_free(const void *p, unsigned long caller,
				      const char *why)
{
	kfree_report_bad(p, caller, why);
	return -EINVAL;
}

/*
 * A free took span @s empty or off the full list. Out of line, and @s is
 * not read here: once its count went down another CPU may have emptied
 * the span and given its struct to another span (central_span_moved()
 * checks under the locks).
 */
static int __noinline small_free_moved(struct span *s)
{
	/* The count went down with release order only (span_free_obj()):
	 * a full fence before the owner is read, so that of this free and
	 * an owner letting go (owner cleared, then nalloc read, both
	 * sequentially consistent) at least one sees the other's write. */
	span_free_fence();
	central_span_moved(s);
	dbg_validate();
	return 0;
}

/* The object's bit was clear already: reported, nothing changed. */
static int __noinline __cold small_free_twice(const void *p,
					      unsigned long caller)
{
	return bad_free(p, caller, MM_WHY_FREED);
}

/*
 * A small free the fast path could not do, out of line: red zones and
 * bitmap bits of the object's own (checked and undone before the free,
 * while the object is still allocated), and reports. The object is not
 * freed yet. Three arguments: all in registers on 32-bit ARM too.
 */
static int __noinline small_free_slow(struct span *s, const void *p,
				      unsigned long caller)
{
	unsigned int idx, c, relist;
	int left;

	/* Everything the free needs is read before it (small_free_moved()). */
	idx = span_obj_index(s, (uintptr_t)p);
	c = s->sizeclass;
	relist = s->relist_at;
	if (idx >= s->nelems)
		return bad_free(p, caller, MM_WHY_INTERIOR);
	if (!span_obj_allocated(s, idx))
		return bad_free(p, caller, MM_WHY_FREED);
	dbg_on_free(s, p, sizeclass_size(c), caller);
	typed_on_free(s, p, sizeclass_size(c), idx);
	left = span_free_obj(s, idx);
	if (left < 0)
		return small_free_twice(p, caller);
	/* Off the full list, or empty: central moves it, unless owned. */
	if (left == 0 || (unsigned int)left == relist)
		return small_free_moved(s);
	dbg_validate();
	return 0;
}

/* Under the heap lock: @s is LARGE and starts at @p. A LARGE span is made
 * and undone under that lock only, so that one holds @p's pages: no
 * lookup needed. */
static bool large_at_locked(const struct span *s, const void *p)
{
	return s->state == SPAN_LARGE && span_base(s) == (uintptr_t)p;
}

/* Free @p if large_at_locked(@s, @p). */
static bool large_free_at_locked(struct span *s, const void *p,
				 unsigned long caller)
{
	if (!large_at_locked(s, p))
		return false;
	dbg_on_free(s, p, s->npages << PAGE_SHIFT, caller);
	large_free_locked(s);
	return true;
}

/*
 * kfree() of anything but a small object: NULL, large, or a mistake.
 * @hint: the span the fast path read for @p's page (span_of_unchecked(),
 * maybe stale): a large object, which starts a page, is freed with no
 * second lookup when the heap lock confirms it.
 */
static int __noinline kfree_slow(const void *p, unsigned long caller,
				 struct span *hint)
{
	const char *why;
	struct span *s;
	unsigned long flags;
	bool done;

	if (!p || p == ZERO_SIZE_PTR)
		return 0;
	if (!MM_TINY_ONLY && IS_ALIGNED((uintptr_t)p, PAGE_SIZE)) {
		flags = spin_lock_irqsave(&mheap.lock);
		done = large_free_at_locked(hint, p, caller);
		spin_unlock_irqrestore(&mheap.lock, flags);
		if (done) {
			dbg_validate();
			return 0;
		}
	}
	s = span_of((uintptr_t)p, &why);
	if (!s)
		return bad_free(p, caller, why);
	/* Made small since the caller looked (none when tiny only). */
	if (!MM_TINY_ONLY && s->state == SPAN_SMALL)
		return small_free_slow(s, p, caller);
	if (IS_ENABLED(CONFIG_MM_TINY) && s->state == SPAN_TINY) {
		why = tiny_free(s, p);
		return why ? bad_free(p, caller, why) : 0;
	}
	/* Large: recheck under the heap lock, a racing free may have won. */
	flags = spin_lock_irqsave(&mheap.lock);
	if (!large_at_locked(s, p))
		s = span_of((uintptr_t)p, &why);
	if (s && large_free_at_locked(s, p, caller))
		why = NULL;
	else if (s)
		why = LARGE_CACHE_KEEP && s->state == SPAN_CACHED
			      ? MM_WHY_FREED
			      : MM_WHY_INTERIOR;
	spin_unlock_irqrestore(&mheap.lock, flags);
	if (why)
		return bad_free(p, caller, why);
	dbg_validate();
	return 0;
}

/*
 * The free path. Fast: an object start in a small span whose frees have
 * no extras (an index below s->fast_nelems), and a free that leaves its
 * span on the same central list (not empty, not at relist_at): the index
 * lookup, one multiply, an atomic bit clear and count. The span is not read
 * after the count: from then on other CPUs may empty it and reuse its struct.
 * Everything else (NULL, ZERO_SIZE_PTR and page 0 are never a small
 * span's) goes on to kfree_slow() or small_free_slow(), as tail calls, so
 * the fast path needs no stack frame.
 */
static __always_inline int kfree_fast(const void *p, unsigned long caller)
{
	unsigned int left, move_at = 0;
	struct span *s;
	u32 idx, relist;

	if (MM_TINY_ONLY)	/* no small span has fast_nelems */
		return kfree_slow(p, caller, span_none_ptr());
	s = span_of_unchecked((uintptr_t)p);
	idx = span_obj_index(s, (uintptr_t)p);
	relist = s->relist_at;
	/* Any other span or struct, or no object's start: looked up again
	 * there, and reported. */
	if (unlikely(idx >= span_fast_nelems(s)))
		return kfree_slow(p, caller, s);
	if (unlikely(!span_free_obj_left(s, idx, &left, &move_at)))
		return small_free_twice(p, caller);
	/* One CPU: one test, against s->move_at (never while owned). */
	if (likely(MM_SMP ? left != 0 && left != relist : left != move_at))
		return 0;
	/* Off the full list, or empty: central moves it, unless owned. */
	return small_free_moved(s);
}

int kfree_caller(const void *p, unsigned long caller)
{
	return kfree_fast(p, caller);
}

void kfree(const void *p)
{
	(void)kfree_fast(p, caller_address());
}

/* span_of - the in-use span holding @p, or NULL and why (mm/lookup.h). */
struct span *span_of(uintptr_t p, const char **why)
{
	struct span *s;
	u8 st;

	if (!pfn_lookup(addr_to_pfn(p), &st, &s)) {
		if (why)
			*why = MM_WHY_NO_HEAP;
		return NULL;
	}
	if (st != PG_SPAN || s == &span_none) {
		if (why)
			*why = st == PG_FREE ? MM_WHY_FREE_PG : MM_WHY_NO_OBJ;
		return NULL;
	}
	return s;
}

/*
 * span_obj_find - the live object that starts at @p or, with @interior,
 * holds it (mm/lookup.h).
 */
bool span_obj_find(uintptr_t p, bool interior, struct span_obj *o)
{
	struct span *s = span_of_heap(p);
	u32 i;

	if (!s)
		return false;
	if (IS_ENABLED(CONFIG_MM_TINY) && s->state == SPAN_TINY)
		return tiny_obj_find(s, p, interior, o);
	o->s = s;
	if (s->state == SPAN_LARGE) {
		o->idx = -1;
		o->base = span_base(s);
		o->size = s->npages << PAGE_SHIFT;
		return interior || p == o->base;
	}
	if (MM_TINY_ONLY)	/* no small spans, and no other kind */
		return false;
	i = interior ? span_obj_holding(s, p) : span_obj_index(s, p);
	if (i >= s->nelems || !span_obj_allocated(s, i))
		return false;
	o->idx = i;
	o->size = sizeclass_size(s->sizeclass);
	o->base = span_base(s) + i * o->size;
	return true;
}

/*
 * krealloc() to @size keeps an object of @old usable bytes when it fits
 * and a move would save less than a class step (a large object: a page).
 * Never with red zones, whose trailer records the size asked. Tiny only,
 * with no class table linked, the step is the coarse classes' 25% of the
 * size rounded as a chunk is.
 */
static bool krealloc_in_place(size_t old, size_t size)
{
	unsigned int c = MM_TINY_ONLY ? old <= SC_MAX_SMALL_SIZE
				      : sizeclass_of(old);

	if (dbg_extra() || size > old)
		return false;
	if (!c)
		return large_pages(size) == old >> PAGE_SHIFT;
	return MM_TINY_ONLY ? ALIGN(size, MM_MIN_ALIGN) > old - old / 4
			    : sizeclass_of(size) == c;
}

/* 0 unless @p starts a live object: not in one, inside one, a free slot
 * or a kept large run. */
size_t ksize(const void *p)
{
	struct span_obj o;

	if (!p || p == ZERO_SIZE_PTR || !span_obj_find((uintptr_t)p, false, &o))
		return 0;
	return dbg_ksize(o.s, p, o.size);
}

void *krealloc(const void *p, size_t size, gfp_t flags)
{
	size_t old;
	void *n;

	if (!p || p == ZERO_SIZE_PTR)
		return kmalloc(size, flags);
	if (!size) {
		kfree_caller(p, caller_address());
		return ZERO_SIZE_PTR;
	}
	old = ksize(p);
	if (!old) {
		kfree_report_bad(p, caller_address(),
				 MM_MSG("krealloc: not an object",
					"krealloc of something that is no "
					"object"));
		return NULL;
	}
	if (krealloc_in_place(old, size))
		return (void *)p;
	n = kmalloc_caller(size, 0, flags & ~__GFP_ZERO, caller_address());
	if (!n)
		return NULL;
	memcpy(n, p, min(old, size));
	if ((flags & __GFP_ZERO) && size > old)
		memset((char *)n + old, 0, size - old);
	kfree_caller(p, caller_address());
	return n;
}

/* Raw pages: no red zone or trailer at any debug level (OBJ_RAW). */
void *alloc_pages_exact(size_t size, gfp_t flags)
{
	unsigned long irq;
	struct span *s;
	void *p;

	if (!size || size > SIZE_MAX - PAGE_SIZE)
		return NULL;
	s = large_alloc(size, PAGE_SIZE, true);
	if (!s)
		return NULL;
	p = (void *)span_base(s);
	irq = spin_lock_irqsave(&mheap.lock);
	s->large_tag = OBJ_RAW;
	spin_unlock_irqrestore(&mheap.lock, irq);
	typed_on_alloc(s, p, s->npages << PAGE_SHIFT, flags);
	if (flags & __GFP_ZERO)
		memset(p, 0, s->npages << PAGE_SHIFT);
	return p;
}

void free_pages_exact(void *p, size_t size)
{
	size_t got = ksize(p);

	if (p && got != ALIGN(size, PAGE_SIZE)) {
		kfree_report_bad(p, caller_address(),
				   "free_pages_exact size does not match");
		return;
	}
	kfree_caller(p, caller_address());
}

void mm_drain(void)
{
	if (mminit_early("mm_drain"))
		return;
	if (!MM_TINY_ONLY)
		cpu_cache_drain();
	page_reclaim();
}
