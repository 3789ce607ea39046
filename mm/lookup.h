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

/* Flat L2 array on 32-bit, L1 array of L2 pointers on 64-bit (arena.c). */
extern void *arena_index;
/*
 * The index covers only the arenas from the lowest to the highest RAM
 * (Go's arenaBaseOffset): arena numbers mheap.index_base and the
 * mheap.index_slots - 1 after it. That one range test also rejects a key
 * beyond ARCH_HEAP_ADDR_BITS and, as index_slots is 0 until the index
 * exists, any lookup before it. The flat index is indexed from
 * index_base; 64-bit's two levels by the arena number itself.
 */

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
 * What a spans[] entry holds where no span ever was (arena_grow_locked(),
 * the hb_clean watermark): a read-only struct in no state, free_fast
 * clear, so kfree's fast path needs no NULL test of the entry either.
 * span_of() answers NULL for it.
 */
extern const struct span span_none;

static inline struct span *span_none_ptr(void)
{
	return (struct span *)&span_none;
}

/*
 * On 64-bit the L2 block of @num, or NULL when its 256 GiB has none yet;
 * on 32-bit the flat array. For a covered @num only (arena_find_key()):
 * index_slots is 0 until arena_index is set (arena_index_init()).
 */
static inline struct heap_arena **arena_l2(uintptr_t num, bool load)
{
	struct heap_arena ***l1 = arena_index;

	if (ARENA_L1_BITS == 0)
		return arena_index;
	if (load)
		return __atomic_load_n(&l1[num >> ARENA_L2_BITS], MM_ACQUIRE);
	return l1[num >> ARENA_L2_BITS];
}

/* The index slot of arena number @num, which must be covered
 * (index_base <= num < index_base + index_slots), and on 64-bit its
 * L2 block must exist. */
static inline struct heap_arena **arena_slot(struct heap_arena **l2,
					     uintptr_t num)
{
	if (ARENA_L1_BITS == 0)
		return &l2[num - mheap.index_base];
	return &l2[num & (ARENA_L2_SIZE - 1)];
}

/*
 * arena_find_key - arena number @num's arena, or arena_none; never NULL
 * (acquire: a published arena is fully built). On 32-bit one range test
 * and one load.
 */
static inline struct heap_arena *arena_find_key(uintptr_t num)
{
	struct heap_arena **l2;

	if (unlikely(num - mheap.index_base >= mheap.index_slots))
		return arena_none_ptr();
	l2 = arena_l2(num, true);
	if (ARENA_L1_BITS != 0 && unlikely(!l2))
		return arena_none_ptr();
	return __atomic_load_n(arena_slot(l2, num), MM_ACQUIRE);
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
 * NULL, with the reason in *@why unless @why is NULL.
 */
static inline struct span *span_of(uintptr_t p, const char **why)
{
	struct span *s;
	u8 st;

	if (!pfn_lookup(addr_to_pfn(p), &st, &s)) {
		if (why)
			*why = "not a heap address";
		return NULL;
	}
	if (st != PG_SPAN || s == &span_none) {
		if (why)
			*why = st == PG_FREE ? "page is free (double free?)"
					     : "not an allocated object";
		return NULL;
	}
	return s;
}

/*
 * span_of_unchecked - the span kfree's fast path may free @p into, or
 * span_none (never NULL): the span of its page or, on a 32-bit board with
 * one CPU, possibly a stale span struct, with no test of the page's
 * state. That is safe there because below the arena's hb_clean a spans[]
 * entry is span_none or a span struct (they are never given back); a
 * struct that is not a whole
 * small span has free_fast clear (span structs change under locks taken
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
static inline struct span *span_of_unchecked(uintptr_t p)
{
	pfn_t pfn = addr_to_pfn(p);
	struct heap_arena *a;
	struct span *s;
	u8 st;

	/* span_of() less its span_none test: span_none's free_fast is. */
	if (sizeof(uintptr_t) > 4 || MM_SMP)
		return pfn_lookup(pfn, &st, &s) && st == PG_SPAN ? s
							       : span_none_ptr();
	a = arena_find(p);	/* arena_none: hb_clean 0 */
	if (pfn - a->pfn0 >= __atomic_load_n(&a->hb_clean, __ATOMIC_RELAXED))
		return span_none_ptr();
	return a->spans[pfn - a->pfn0];
}

/* span_of_heap - the SMALL or LARGE span holding @p, or NULL. */
static inline struct span *span_of_heap(uintptr_t p)
{
	struct span *s = span_of(p, NULL);

	if (s && (s->state == SPAN_SMALL || s->state == SPAN_LARGE))
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
 * Out of line (mm/kmalloc.c): no caller is a fast path.
 */
bool span_obj_find(uintptr_t p, bool interior, struct span_obj *o);

#endif
