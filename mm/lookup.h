/* SPDX-License-Identifier: MIT */
/*
 * The lock-free path from an address to its object: key -> arena index ->
 * heap_arena -> page state and span -> object. Every caller that finds
 * an object from an address comes here (docs/design.md, "From an address
 * to its object"). Inline: kfree, ksize, the scanner and the heap bitmap
 * walk it on every call. Writers: mm/arena.c.
 */
#ifndef MM_LOOKUP_H
#define MM_LOOKUP_H

#include "page.h"

/*
 * The index (arena.c). mheap.index is a flat array of arena pointers for
 * arena numbers mheap.index_base to index_base + index_slots - 1: on
 * 32-bit the arenas from the lowest to the highest RAM (Go's
 * arenaBaseOffset), on 64-bit the L2 block of the first arena grown
 * (256 GiB, which holds every board's RAM here). index_slots is 0 until
 * that array exists, so its range test also answers any lookup before.
 * 64-bit keeps every L2 block, that one too, under arena_l1, which a
 * lookup outside the flat window walks (arena_find_far()).
 */
extern struct heap_arena ***arena_l1;

/*
 * Loads of an index slot: an arena is built, then published with a
 * release store, and read only through the pointer loaded. The address
 * dependency orders those reads on every CPU baremm runs on (Linux's
 * rcu_dereference(): no barrier, where an acquire is a dmb on SMP ARM).
 * ThreadSanitizer does not model dependencies: under it, acquire.
 */
#ifdef __SANITIZE_THREAD__
#define MM_INDEX_LOAD MM_ACQUIRE
#else
#define MM_INDEX_LOAD __ATOMIC_RELAXED
#endif

/*
 * The arena of every index slot that has none, and of every key the index
 * does not cover: read-only, with no backed page (npages and hb_clean 0),
 * so the page range test each lookup makes anyway also says "no heap
 * here", and the walk has no NULL test for its last level. arena_of()
 * and arena_of_key() still answer NULL for it.
 */
extern const struct heap_arena arena_none;

static inline struct heap_arena *arena_none_ptr(void)
{
	return (struct heap_arena *)&arena_none;
}

/*
 * The first arena grown, which is the lowest (arenas grow in address
 * order), or arena_none before: kfree's fast path tries it before the
 * index, so a heap of one arena, which most MCUs have, never walks the
 * index, and on a larger one it holds the pages handed out first (the
 * page allocator gives the lowest). Set once, in arena_grow_locked(),
 * published like an index slot.
 */
extern struct heap_arena *arena_hot;

/*
 * What a spans[] entry holds where no span ever was (arena_grow_locked(),
 * the hb_clean watermark): a read-only struct in no state, fast_nelems
 * 0, so kfree's fast path needs no NULL test of the entry either.
 * span_of() answers NULL for it.
 */
extern const struct span span_none;

static inline struct span *span_none_ptr(void)
{
	return (struct span *)&span_none;
}

/* 64-bit: the L2 block of @num (< 2^ARENA_KEY_BITS), or NULL when its
 * 256 GiB has none yet. Writers: arena_grow_locked(). */
static inline struct heap_arena **arena_l2(uintptr_t num, bool load)
{
	if (load)
		return __atomic_load_n(&arena_l1[num >> ARENA_L2_BITS],
				       MM_INDEX_LOAD);
	return arena_l1[num >> ARENA_L2_BITS];
}

/* The slot of arena number @num in its L2 block (64-bit), or in the flat
 * index (32-bit: index_base <= num < index_base + index_slots). */
static inline struct heap_arena **arena_slot(struct heap_arena **l2,
					     uintptr_t num)
{
	if (ARENA_L1_BITS == 0)
		return &l2[num - mheap.index_base];
	return &l2[num & (ARENA_L2_SIZE - 1)];
}

/* 64-bit, outside the flat window: the two-level walk (arena.c). */
struct heap_arena *arena_find_far(uintptr_t num);

/*
 * arena_find_key - arena number @num's arena, or arena_none; never NULL
 * (MM_INDEX_LOAD: a published arena is fully built). In the flat window
 * one range test and one load. On 64-bit the window is made while the heap
 * runs: the acquire of its size orders its base and array after. With
 * @near, an arena outside the window reads as arena_none (kfree's fast
 * path, whose slow path looks again in full, needs no call).
 */
static inline struct heap_arena *arena_find_key_in(uintptr_t num, bool near)
{
	u32 slots = __atomic_load_n(&mheap.index_slots,
				    ARENA_L1_BITS ? MM_ACQUIRE
						  : __ATOMIC_RELAXED);
	uintptr_t i = num - __atomic_load_n(&mheap.index_base,
					    __ATOMIC_RELAXED);
	struct heap_arena **flat = __atomic_load_n(
		(struct heap_arena ***)&mheap.index, __ATOMIC_RELAXED);

	if (likely(i < slots))
		return __atomic_load_n(&flat[i], MM_INDEX_LOAD);
	if (ARENA_L1_BITS == 0 || near)
		return arena_none_ptr();
	return arena_find_far(num);
}

static inline struct heap_arena *arena_find_key(uintptr_t num)
{
	return arena_find_key_in(num, false);
}

/* arena_of_key - arena number @num's arena, or NULL. */
static inline struct heap_arena *arena_of_key(uintptr_t num)
{
	struct heap_arena *a = arena_find_key(num);

	return a == &arena_none ? NULL : a;
}

/* Heap key of @addr shifted to an arena number; false when out of range. */
static inline bool addr_arena_num(uintptr_t addr, uintptr_t *num)
{
	uintptr_t key = arch_heap_key(addr);

	*num = key >> ARENA_SHIFT;
	return !(ARCH_HEAP_ADDR_BITS < sizeof(uintptr_t) * 8 &&
		 key >> (ARCH_HEAP_ADDR_BITS % (sizeof(uintptr_t) * 8)));
}

/* arena_find - arena holding address @addr, or arena_none; never faults.
 * A key beyond ARCH_HEAP_ADDR_BITS is beyond the index's range too. */
static inline struct heap_arena *arena_find(uintptr_t addr)
{
	return arena_find_key(arch_heap_key(addr) >> ARENA_SHIFT);
}

/* arena_find_near - arena_find() in the flat window only (see above). */
static inline struct heap_arena *arena_find_near(uintptr_t addr)
{
	return arena_find_key_in(arch_heap_key(addr) >> ARENA_SHIFT, true);
}

/* arena_of - arena holding address @addr, or NULL; never faults. */
static inline struct heap_arena *arena_of(uintptr_t addr)
{
	struct heap_arena *a = arena_find(addr);

	return a == &arena_none ? NULL : a;
}

/* @pfn is one of @a's backed pages: spans[]/state[] index pfn - pfn0. */
static inline bool arena_backs(const struct heap_arena *a, pfn_t pfn)
{
	return pfn - a->pfn0 < a->npages;
}

/* arena_page - index into spans[]/state[] of @pfn, or -1 if not backed. */
static inline long arena_page(const struct heap_arena *a, pfn_t pfn)
{
	return arena_backs(a, pfn) ? (long)(pfn - a->pfn0) : -1;
}

/* pfn fits the address space: pfn_to_addr() will not wrap. */
static inline bool pfn_valid(pfn_t pfn)
{
	return (pfn >> (sizeof(uintptr_t) * 8 - PAGE_SHIFT)) == 0;
}

/* Page state and span of @pfn, through the index only. */
static inline bool pfn_lookup(pfn_t pfn, u8 *state, struct span **s)
{
	struct heap_arena *a;

	if (!pfn_valid(pfn))
		return false;
	a = arena_find(pfn_to_addr(pfn));
	if (!arena_backs(a, pfn))	/* arena_none backs none */
		return false;
	*state = a->state[pfn - a->pfn0];
	*s = a->spans[pfn - a->pfn0];
	return true;
}

/*
 * ---- address to span and object: the one place that does it ----------
 *
 * Go's spanOfUnchecked / spanOf / spanOfHeap and findObject:
 *   span_of_unchecked(p)  kfree's fast path: the page's span struct, no
 *                         state test where that is safe (below)
 *   span_of(p, why)       checked: a backed page of a span in use
 *   span_of_heap(p)       checked, and the span holds objects (SMALL or
 *                         LARGE; not a kept large run)
 *   span_obj_find(p, ..)  the live object starting at @p, or holding it
 * The object index of a small span is span_obj_index() (exact, one
 * multiply) or span_obj_holding() (any byte of an object): both from the
 * span's own class (mm/sizeclass.h). Lock-free: the span may change under
 * the caller unless it holds the matching lock or owns the object.
 */

/*
 * span_of - the in-use span (any state but FREE) holding address @p, or
 * NULL, with the reason in *@why unless @why is NULL. Out of line
 * (mm/kmalloc.c), as span_obj_find(): no caller is a fast path.
 */
struct span *span_of(uintptr_t p, const char **why);

/*
 * span_of_unchecked - the span kfree's fast path may free @p into, or
 * span_none (never NULL): the span of its page or, on a 32-bit board with
 * one CPU, possibly a stale span struct, with no test of the page's
 * state. That is safe there because below the arena's hb_clean a spans[]
 * entry is span_none or a span struct (they are never given back); a
 * struct that is not a whole
 * small span has fast_nelems 0 (span structs change under locks taken
 * with interrupts masked, so on one CPU a free never sees one half made);
 * and on 32-bit span_obj_index() on the whole address is also a range
 * test: a small span whose pages @p is not in yields no object index, and
 * the free goes the slow way, which tests everything. A valid free always
 * meets its own live span. (A wild free preempted between its reads of a
 * stale struct that is made a new span meanwhile may mix the two, as it
 * may with the span of its own page going away under it.) A 64-bit
 * address may alias across 4 GiB, and another CPU may be making the
 * stale struct a new span, so there the page's state is tested.
 */
static __always_inline bool arena_span_unchecked(const struct heap_arena *a,
						 pfn_t pfn, struct span **s)
{
	pfn_t i = pfn - a->pfn0;

	/* span_of() less its span_none test (span_none's fast_nelems is).
	 * arena_none backs no page, hb_clean 0. */
	if (sizeof(uintptr_t) > 4 || MM_SMP) {
		if (!arena_backs(a, pfn))
			return false;
		*s = a->state[i] == PG_SPAN ? a->spans[i] : span_none_ptr();
		return true;
	}
	if (i >= __atomic_load_n(&a->hb_clean, __ATOMIC_RELAXED))
		return false;
	*s = a->spans[i];
	return true;
}

static inline struct span *span_of_unchecked(uintptr_t p)
{
	pfn_t pfn = addr_to_pfn(p);
	struct span *s;

	/* The first arena with no index walk; then the flat window
	 * (arena_find_near()): a 64-bit arena outside it goes the slow
	 * way. */
	if (likely(arena_span_unchecked(
		    __atomic_load_n(&arena_hot, MM_INDEX_LOAD), pfn, &s)) ||
	    arena_span_unchecked(arena_find_near(p), pfn, &s))
		return s;
	return span_none_ptr();
}

/* span_of_heap - the SMALL, LARGE or TINY span holding @p, or NULL. */
static inline struct span *span_of_heap(uintptr_t p)
{
	struct span *s = span_of(p, NULL);

	if (s && (s->state == SPAN_SMALL || s->state == SPAN_LARGE ||
		  s->state == SPAN_TINY))
		return s;
	return NULL;
}

/* A live object: its span, index (-1 for a large one), base and size
 * (the class size, or the large span's pages). */
struct span_obj {
	struct span *s;
	long idx;
	uintptr_t base;
	size_t size;
};

/*
 * span_obj_find - the live object that starts at @p or, with @interior,
 * holds it; false when there is none (a free slot, a tail, a kept run).
 * Out of line (mm/kmalloc.c): no caller is a fast path. @interior is for
 * the heap bitmap's users (the scanner, typed objects): without it a
 * tiny span's walk inside its chunks is not linked (tiny_obj_find()).
 */
bool span_obj_find(uintptr_t p, bool interior, struct span_obj *o);

#endif
