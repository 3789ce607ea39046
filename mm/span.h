/* SPDX-License-Identifier: MIT */
/*
 * Spans: runs of pages with one owner, and what a small span knows about
 * its objects (mm/span.c): states, the struct, its atomics, object index.
 */
#ifndef MM_SPAN_H
#define MM_SPAN_H

#include "base.h"
#include "sizeclass.h"

/*
 * Span states. A span is a run of pages with one owner:
 *   FREE   -> in the free-run tree (page_alloc.c)
 *   SMALL  -> cut into objects of one size class (span.c, central.c)
 *   LARGE  -> one object of whole pages (large.c, alloc_pages_exact)
 *   CACHED -> a freed LARGE run kept whole for the next one (large.c)
 *   TINY   -> chunks of any size, merged when freed (tiny.c, tiny heaps)
 * FREE -> SMALL/LARGE/TINY on allocation, back to FREE on release, LARGE <->
 * CACHED, always under the heap lock; a span struct that is not in use
 * sits on the span pool's free list in state UNUSED.
 */
enum span_state { SPAN_UNUSED, SPAN_FREE, SPAN_SMALL, SPAN_LARGE, SPAN_CACHED,
		  SPAN_TINY };

#define SPAN_BITMAP_WORDS (((PAGE_SIZE / MM_MIN_ALIGN) + BITS_PER_LONG - 1) / \
			   BITS_PER_LONG)

/* Central list a span unowned by any CPU sits on (struct central). */
enum span_list { SPAN_LIST_NONE, SPAN_LIST_PARTIAL, SPAN_LIST_FULL,
		 SPAN_LIST_EMPTY };

struct span {
	/* SMALL: bit i set = object i allocated (atomic word operations);
	 * bits past nelems are set and stay set. First, so that a word's
	 * address is the struct's plus its index: one add less a free. */
	unsigned long alloc_bits[SPAN_BITMAP_WORDS];
	pfn_t start;			/* first page */
	size_t npages;			/* pages, > 0 */
	u8 state;			/* enum span_state */
	u8 sizeclass;			/* SMALL: class; else 0 */
	union {
		u8 list;		/* SMALL, unowned: enum span_list */
		/* LARGE, CACHED: the heap bitmap marks all the span's pages
		 * as one untyped object (P on every word, S on the first),
		 * so the next untyped object in them writes nothing. */
		bool bits_untyped;
	};
	/* SMALL: object index of an offset, and a test that the offset
	 * starts an object, in one multiply (span_obj_index()). */
	u8 div_shift;
	u16 nelems;			/* SMALL: objects in the span */
	/* SMALL: an unowned span is on the full list while nalloc is above
	 * this, nelems - max(1, nelems / 8): it comes back to the partial
	 * list with an eighth of it free, not for every single free. */
	u16 relist_at;
	/*
	 * SMALL: objects allocated plus objects the owner CPU has reserved
	 * in its cache (struct cpu_class.avail), so popcount(alloc_bits) <=
	 * nalloc <= nelems, with == on the left when no CPU owns the span.
	 * Atomic: the owner reserves while others free. TINY: used chunks,
	 * under the heap lock.
	 */
	unsigned int nalloc;
	/*
	 * SMALL: the count a free leaves that must move the span to another
	 * central list (span_move_at()): relist_at on the full list, 0 on
	 * the partial one, SPAN_MOVE_NEVER while a CPU owns it or it is
	 * empty. Written under the class lock. With one CPU kfree's fast
	 * path tests it alone, under masked interrupts; with several it
	 * tests 0 and relist_at, read before its count goes down, and the
	 * owner under a fence (central_span_moved()).
	 */
	u16 move_at;
	/* SMALL with no tags[] and no red zones: nelems, else 0. kfree's
	 * fast path frees an index below it, one test for the object's
	 * range and three conditions. Set by span_init_small() (and
	 * span_trim_tail()), cleared when tags[] is attached and when the
	 * struct is freed. */
	u16 fast_nelems;
	u32 div_inv;
	struct span *next, *prev;	/* central list or pool free list */
	/*
	 * A struct is reset (page_span_struct_reset()) whenever it changes
	 * hands, so what only one state uses can share room: a free run's
	 * tree links, and an in-use span's scan marks, written by the
	 * scanner alone with every lock held, and cleared by it first.
	 */
	union {
		struct {		/* FREE: free-run tree links, max npages
					 * in the subtree; the heap priority is
					 * tree_prio(), a hash of the struct */
			struct span *tl, *tr, *tp;
			size_t tmax;
		};
		/* SMALL, LARGE, CACHED, with the heap bitmap: the scanner's
		 * marks, one per object. */
		unsigned long mark_bits[IS_ENABLED(CONFIG_MM_HEAP_BITMAP)
					? SPAN_BITMAP_WORDS : 0];
	};
	/* LARGE: OBJ_RAW for alloc_pages_exact pages; with the heap bitmap,
	 * also the object's tag (mm/typed.c). */
	uintptr_t large_tag;
#ifdef CONFIG_MM_HEAP_BITMAP
	/*
	 * Per-object tags (mm/typed.c): the object's struct mm_type pointer,
	 * | OBJ_COLLECTED. SMALL spans get @tags, of SPAN_BITMAP_WORDS *
	 * BITS_PER_LONG entries, the first time a typed, collected or
	 * __GFP_NOSCAN object lands in them; it stays with the struct when
	 * the struct is reused.
	 */
	uintptr_t *tags;
#endif
	/*
	 * SMALL: 0 in central lists, else 1 + the CPU whose cache owns it.
	 * Changes only under the class's central lock, atomically: a free
	 * reads it without a lock after its count went down, when the
	 * struct may already be reused. So it is 0 whenever the struct is
	 * not a SMALL span, and the reset of a reused struct (memset up to
	 * here) leaves it alone. Last for that reason.
	 */
	u16 owner;
	/*
	 * SMALL: its class, from central_take_locked() making the span to
	 * central_trim_locked() giving it back, else 0: both under that
	 * class's lock, atomically. So a free that finds the span moved
	 * learns its class from a struct that may be reused since, with no
	 * heap lock, and the class lock tells whether it still holds
	 * (central_span_moved()). Outlives a reset, as owner does.
	 */
	u16 central_class;
};

#define SPAN_MOVE_NEVER 0xffffu /* above any nelems */

/* page_span_struct_reset() clears a struct up to here: its tag array and its
 * owner outlive a reuse. */
#ifdef CONFIG_MM_HEAP_BITMAP
#define SPAN_RESET_BYTES offsetof(struct span, tags)
#else
#define SPAN_RESET_BYTES offsetof(struct span, owner)
#endif

/* A span's tag array, NULL when it has none or the heap bitmap is off. */
static inline uintptr_t *span_tag_array(const struct span *s)
{
#ifdef CONFIG_MM_HEAP_BITMAP
	return __atomic_load_n(&s->tags, __ATOMIC_ACQUIRE);
#else
	(void)s;
	return NULL;
#endif
}

/*
 * Tag bits, below the struct mm_type pointer (word-aligned, so its two low
 * bits are free): tag & ~OBJ_TAG_FLAGS is the type. Bit 1 means one thing
 * in a small span's tags[] and another in large_tag. A small object's tag
 * is nonzero exactly when its heap bits may differ from its slot layout
 * (typed, collected or __GFP_NOSCAN); that is what typed_on_free() reads
 * to know whether a free must write bits at all, and why __GFP_NOSCAN
 * objects make a span's tags[] too.
 */
#define OBJ_COLLECTED	1UL	/* tag bit: object belongs to mm_gc() */
#define OBJ_OWN_BITS	2UL	/* small tag: bits differ from the slot layout */
#define OBJ_RAW		2UL	/* large_tag: alloc_pages_exact pages */
#define OBJ_TAG_FLAGS	3UL

static inline uintptr_t span_base(const struct span *s)
{
	return pfn_to_addr(s->start);
}

/*
 * Atomics of the span layer. With several CPUs they are real atomics; with
 * one, their callers mask interrupts (span_atomic_begin()), so a plain
 * read-modify-write cannot be torn and the ldrex/strex loops go.
 */
static inline unsigned long span_atomic_begin(void)
{
	return MM_SMP ? 0 : local_irq_save();
}

static inline void span_atomic_end(unsigned long flags)
{
	if (!MM_SMP)
		local_irq_restore(flags);
}

static inline void span_bits_set(unsigned long *w, unsigned long m)
{
	if (MM_SMP)
		__atomic_fetch_or(w, m, __ATOMIC_RELAXED);
	else
		*w |= m;
}

/* Release: a freeing CPU's writes to an object come before the bit that
 * lets the owner hand it out again (read with acquire on refill). */
static inline unsigned long span_bits_clear(unsigned long *w, unsigned long m)
{
	unsigned long old;

	if (MM_SMP)
		return __atomic_fetch_and(w, ~m, __ATOMIC_RELEASE);
	old = *w;
	*w = old & ~m;
	return old;
}

/*
 * nalloc += @d, returning the new count. Sequentially consistent with the
 * owner field: a free that then reads the span as owned is sure that the
 * owner's release, which clears the owner and then reads nalloc, sees its
 * decrement (central_release_locked()). A free's own decrement
 * (span_free_obj()) is a release, and a full fence before its read of
 * the owner gives it the same.
 */
static inline unsigned int span_nalloc_add(struct span *s, int d)
{
	if (MM_SMP)
		return __atomic_add_fetch(&s->nalloc, (unsigned int)d,
					  __ATOMIC_SEQ_CST);
	return s->nalloc += (unsigned int)d;
}

/* Small span bookkeeping (span.c): a new span of class @c, and the part
 * of it that is the class's geometry (object count, index divisor). */
void span_init_small(struct span *s, unsigned int c);
void span_set_class(struct span *s, unsigned int c);
/* Objects allocated in @s: its bitmap's count, without reservations. */
unsigned int span_count_allocated(const struct span *s);
/*
 * span_trim_tail - give the pages at the end of unowned small span @s that
 * hold no allocated object back to the page allocator; the span keeps the
 * objects that fit in the rest. Not for a span with a tag array (its own
 * bits would be lost). Class lock held; takes the heap lock. The caller
 * relists @s. Only where no free can run meanwhile: a lock-free kfree
 * reads nelems (central_trim_tails()). Return: pages given back.
 */
size_t span_trim_tail(struct span *s);

static inline void *span_obj_addr(const struct span *s, unsigned int idx)
{
	return (void *)(span_base(s) + idx * sizeclass_size(s->sizeclass));
}

#define SPAN_WORDS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

/*
 * span_obj_index - index of the object that starts at @p in small span @s,
 * or a number >= s->nelems when none does (inside an object, in the tail).
 * With size = odd << shift, (off * odd^-1 mod 2^32) rotated right by shift
 * is off / size when size divides off, and above (2^32 - 1) / size when
 * it does not (Hacker's Delight 10-17): one multiply gives both answers.
 */
static inline u32 span_obj_index(const struct span *s, uintptr_t p)
{
	u32 x = (u32)(p - span_base(s)) * s->div_inv;

	return x >> s->div_shift | x << ((32 - s->div_shift) & 31);
}

/*
 * span_obj_holding - index of the object of small span @s that byte @p
 * is in, or a number >= s->nelems in the tail: an interior pointer's
 * object (the scanner, mm_find_object()). A division (udiv32()), off
 * every fast path; span_obj_index() is the one for an object's start.
 */
static inline u32 span_obj_holding(const struct span *s, uintptr_t p)
{
	return sizeclass_objs_in(s->sizeclass, p - span_base(s));
}

/* s->fast_nelems for kfree's fast path, which other CPUs may clear. With
 * one CPU, whose writers mask interrupts, a plain load: gcc zero-extends
 * an atomic one of 16 bits again. */
static inline unsigned int span_fast_nelems(const struct span *s)
{
	if (!MM_SMP)
		return s->fast_nelems;
	return __atomic_load_n(&s->fast_nelems, __ATOMIC_RELAXED);
}

/* ThreadSanitizer neither models nor builds fences: under it a free's
 * count is sequentially consistent and span_free_fence() is empty. */
#ifdef __SANITIZE_THREAD__
#define SPAN_FREE_ORDER __ATOMIC_SEQ_CST
#else
#define SPAN_FREE_ORDER __ATOMIC_RELEASE
#endif

/*
 * span_free_obj - free object @idx of small span @s, any CPU. Of two frees
 * of one object exactly one sees its bit set.
 *
 * The count goes down with release order, not sequentially consistent
 * (one barrier less on SMP ARM): release keeps the bit's clearing before
 * the count, which is what lets another CPU find the span empty and
 * reuse it, so no late bit clear lands in a reused struct; the count
 * itself is exact either way (an atomic read-modify-write). The full
 * order against the owner field that span_nalloc_add() documents is
 * needed only by a free that goes on to read the owner: that one issues
 * a full fence first (span_free_fence(), in small_free_moved()).
 * Return: false when it was already free; else nalloc after the free in
 * *@left and, with one CPU and @move_at, s->move_at read in the same
 * masked section (kfree's fast path compares the two).
 */
static inline bool span_free_obj_left(struct span *s, unsigned int idx,
				      unsigned int *left, unsigned int *move_at)
{
	unsigned long bit = 1UL << (idx % BITS_PER_LONG), old, flags;
	bool freed;

	flags = span_atomic_begin();
	old = span_bits_clear(&s->alloc_bits[idx / BITS_PER_LONG], bit);
	freed = old & bit;
	if (freed) {
		*left = MM_SMP ? __atomic_sub_fetch(&s->nalloc, 1u,
						    SPAN_FREE_ORDER)
			       : --s->nalloc;
		if (!MM_SMP && move_at)
			*move_at = s->move_at;
	}
	span_atomic_end(flags);
	return freed;
}

/* span_free_obj_left(), as nalloc after the free or -EINVAL. */
static inline int span_free_obj(struct span *s, unsigned int idx)
{
	unsigned int left;

	return span_free_obj_left(s, idx, &left, NULL) ? (int)left : -EINVAL;
}

/* The full fence a free issues after span_free_obj() before it reads the
 * span's owner. */
static inline void span_free_fence(void)
{
#ifndef __SANITIZE_THREAD__
	if (MM_SMP)
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
#endif
}

static inline bool span_obj_allocated(const struct span *s, unsigned int idx)
{
	return __atomic_load_n(&s->alloc_bits[idx / BITS_PER_LONG],
			       __ATOMIC_ACQUIRE) >>
		       (idx % BITS_PER_LONG) & 1;
}

/*
 * span_reserve_word - for the owner: the free objects of the first word of
 * @s's bitmap at or after word @from (wrapping once) that has any, added
 * to nalloc; its index in *@w. Return: the bits, 0 when @s is full.
 * O(bitmap words): at most PAGE_SIZE / MM_MIN_ALIGN / BITS_PER_LONG.
 * Inline: every refill of a CPU cache runs it.
 */
static inline unsigned long span_reserve_word(struct span *s,
					       unsigned int from, unsigned int *w)
{
	unsigned int words = SPAN_WORDS(s->nelems);
	unsigned int v = from < words ? from : 0;

	for (unsigned int i = words; i; i--) {
		unsigned long free;

		free = ~__atomic_load_n(&s->alloc_bits[v], MM_ACQUIRE);
		if (free) {
			span_nalloc_add(s, (int)popcount(free));
			*w = v;
			return free;
		}
		if (++v == words)
			v = 0;
	}
	return 0;
}

#endif
