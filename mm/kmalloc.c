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
 *   cpu cache   per CPU and class: the span that CPU allocates from
 *
 * Allocation of n bytes
 *   1. n <= SC_MAX_SMALL: class c = sizeclass_of(n) (two table lookups).
 *   2. Fast path: the CPU's span for c; claim a free bit in its bitmap.
 *      IRQs masked, no lock.
 *   3. Span full: give it to central[c], take a partial one, or a new span
 *      from the page allocator (central lock, then heap lock).
 *   4. n > SC_MAX_SMALL: a run of whole pages from the page allocator
 *      (heap lock), lowest address first.
 *
 * Free of p: address -> arena index -> heap_arena -> page -> span -> object.
 * Nothing else finds metadata. The object index comes from a multiply by
 * the class's magic; its bit must be set, or the free is reported and
 * ignored. A span this CPU owns takes the free without a lock; others go
 * through the class's central lock, which also moves the span between
 * lists or, when empty, back to the page allocator.
 *
 * Lock order: central[c].lock -> mheap.lock. Both are taken with IRQs
 * masked, so every entry point here may be called from IRQ context; none
 * sleeps.
 *
 * Bounds: the fast path is O(bitmap words of one span) (at most 16); a
 * refill is O(1) plus one page allocation; a page allocation is O(log free
 * runs) expected, plus arena growth, O(pages of one arena), once per arena.
 */
#include "internal.h"

unsigned long mm_bad_frees;

void mm_report_bad_free(const void *p, unsigned long caller, const char *why)
{
	__atomic_fetch_add(&mm_bad_frees, 1, __ATOMIC_RELAXED);
	printk("mm: bad free of %p from 0x%lx: %s; ignored\n", p, caller, why);
}

/*
 * span_of - the in-use span holding address @p, or NULL (with the reason
 * in *@why) when @p is not inside an allocated span. Lock-free; the span
 * may change under the caller unless it holds the matching lock.
 */
static struct span *span_of(const void *p, const char **why)
{
	u8 st;
	struct span *s;

	if (!pfn_lookup(addr_to_pfn((uintptr_t)p), &st, &s)) {
		*why = "not a heap address";
		return NULL;
	}
	if (st != PG_SPAN || !s) {
		*why = st == PG_FREE ? "page is free (double free?)"
				     : "not an allocated object";
		return NULL;
	}
	return s;
}

/* Index of the small object starting exactly at @p in @s, or -1. */
static long small_obj_index(const struct span *s, const void *p)
{
	size_t off = (uintptr_t)p - span_base(s);
	unsigned int idx = sizeclass_obj_index(s->sizeclass, off);

	if (idx >= s->nelems || idx * sizeclass_size(s->sizeclass) != off)
		return -1;
	return idx;
}

void *large_alloc(size_t size, size_t align)
{
	size_t npages = DIV_ROUND_UP(size, PAGE_SIZE);
	unsigned long flags;
	struct span *s;

	if (size > SIZE_MAX - PAGE_SIZE)
		return NULL;
	flags = spin_lock_irqsave(&mheap.lock);
	s = page_alloc_locked(npages, max(align >> PAGE_SHIFT, (size_t)1),
			      SPAN_LARGE);
	spin_unlock_irqrestore(&mheap.lock, flags);
	return s ? (void *)span_base(s) : NULL;
}

/* Every object handed out passes here: bitmap bits, then zeroing. */
void *obj_finish(void *p, size_t size, gfp_t flags)
{
	if (unlikely(!p))
		return NULL;
	obj_bits_new(NULL, p, size, flags);
	if (flags & __GFP_ZERO)
		memset(p, 0, size);
	return p;
}

/*
 * The one allocation path: @size bytes at @align (<= MM_MIN_ALIGN: the
 * natural kmalloc alignment), for @caller. Debug levels >= 2 add a red
 * zone and a trailer behind the object (mm/debug.c).
 */
void *kmalloc_caller(size_t size, size_t align, gfp_t flags,
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
	c = align <= MM_MIN_ALIGN ? sizeclass_of(want)
				  : sizeclass_for_aligned(want, align);
	if (likely(c)) {
		p = cpu_cache_alloc(c, &s);	/* the fast path */
		objsize = sizeclass_size(c);
	} else {
		/* Large: power-of-two sizes stay naturally aligned up to
		 * 1 MiB. */
		if (align <= MM_MIN_ALIGN)
			align = is_power_of_2(want) ? min(want, MM_MAX_ALIGN)
						    : PAGE_SIZE;
		p = large_alloc(want, max(align, PAGE_SIZE));
		objsize = ALIGN(want, PAGE_SIZE);
	}
	if (unlikely(!p))
		return NULL;
	dbg_on_alloc(p, objsize, size, caller, c != 0);
	obj_bits_new(s, p, objsize, flags);
	if (flags & __GFP_ZERO)
		memset(p, 0, dbg_usable(objsize, size));
	dbg_validate();
	return p;
}

void *kmalloc(size_t size, gfp_t flags)
{
	return kmalloc_caller(size, 0, flags, caller_address());
}

void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc_caller(size, 0, flags | __GFP_ZERO, caller_address());
}

void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kmalloc_caller(n * size, 0, flags | __GFP_ZERO,
			      caller_address());
}

void *kmalloc_aligned(size_t size, size_t align, gfp_t flags)
{
	if (!is_power_of_2(align) || align > MM_MAX_ALIGN)
		return NULL;
	return kmalloc_caller(size, align, flags, caller_address());
}

int kfree_caller(const void *p, unsigned long caller)
{
	const char *why;
	struct span *s;
	unsigned long flags;
	long idx;

	if (unlikely(!p || p == ZERO_SIZE_PTR))
		return 0;
	s = span_of(p, &why);
	if (unlikely(!s))
		goto bad;
	if (likely(s->state == SPAN_SMALL)) {
		idx = small_obj_index(s, p);
		why = "not the start of an object";
		if (idx < 0)
			goto bad;
		why = "object is not allocated (double free?)";
		if (!span_obj_allocated(s, (unsigned int)idx))
			goto bad;
		dbg_on_free(s, p, sizeclass_size(s->sizeclass), caller);
		obj_bits_forget(s, p, sizeclass_size(s->sizeclass), idx);
		if (cpu_cache_free(s, (unsigned int)idx, p))
			goto bad;
		dbg_validate();
		return 0;
	}
	/* Large: recheck under the heap lock, a racing free may have won. */
	flags = spin_lock_irqsave(&mheap.lock);
	s = span_of(p, &why);
	if (s && s->state == SPAN_LARGE && span_base(s) == (uintptr_t)p) {
		dbg_on_free(s, p, s->npages << PAGE_SHIFT, caller);
		obj_bits_forget(s, p, s->npages << PAGE_SHIFT, -1);
		page_free_locked(s);
		why = NULL;
	} else if (s) {
		why = "not the start of an object";
	}
	spin_unlock_irqrestore(&mheap.lock, flags);
	if (!why) {
		dbg_validate();
		return 0;
	}
bad:
	mm_report_bad_free(p, caller, why);
	return -EINVAL;
}

void kfree(const void *p)
{
	(void)kfree_caller(p, caller_address());
}

size_t ksize(const void *p)
{
	const char *why;
	struct span *s;
	long idx;

	if (!p || p == ZERO_SIZE_PTR)
		return 0;
	s = span_of(p, &why);
	if (!s)
		return 0;
	if (s->state == SPAN_LARGE)
		return span_base(s) == (uintptr_t)p
			       ? dbg_ksize(s, p, s->npages << PAGE_SHIFT)
			       : 0;
	idx = small_obj_index(s, p);
	if (idx < 0 || !span_obj_allocated(s, (unsigned int)idx))
		return 0;	/* not an object start, or a free slot */
	return dbg_ksize(s, p, sizeclass_size(s->sizeclass));
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
		mm_report_bad_free(p, caller_address(),
				   "krealloc of something that is no object");
		return NULL;
	}
	/* In place when the request lands in the object's own class (or,
	 * for a large object, needs the same number of pages); never with
	 * red zones, whose trailer records the size asked. */
	if (!dbg_extra() && size <= old && (sizeclass_of(old)
				    ? sizeclass_of(size) == sizeclass_of(old)
				    : DIV_ROUND_UP(size, PAGE_SIZE) ==
					      old >> PAGE_SHIFT))
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
	p = large_alloc(size, PAGE_SIZE);
	if (!p)
		return NULL;
	irq = spin_lock_irqsave(&mheap.lock);
	s = span_of(p, &(const char *){ NULL });
	s->large_tag = OBJ_RAW;
	spin_unlock_irqrestore(&mheap.lock, irq);
	return obj_finish(p, ALIGN(size, PAGE_SIZE), flags);
}

void free_pages_exact(void *p, size_t size)
{
	size_t got = ksize(p);

	if (p && got != ALIGN(size, PAGE_SIZE)) {
		mm_report_bad_free(p, caller_address(),
				   "free_pages_exact size does not match");
		return;
	}
	kfree_caller(p, caller_address());
}

void mm_drain(void)
{
	cpu_cache_drain();
}
