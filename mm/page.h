/* SPDX-License-Identifier: MIT */
/*
 * The page allocator (mm/page_alloc.c): struct mheap, its lock and page
 * counters, free runs, the persistent allocator for metadata, span
 * structs, and the reclaimers the layers above register.
 */
#ifndef MM_PAGE_H
#define MM_PAGE_H

#include "arena.h"

struct mheap {
	spinlock_t lock;	/* guards everything below and all arenas */
	struct span *free_root;	/* free-run tree: address order, max-heap */
	/* The flat index (mm/lookup.h): slot i of @index is arena number
	 * index_base + i, for i < index_slots. Set once (arena.c): on
	 * 32-bit by mm_init, on 64-bit (the first L2 block) when the first
	 * arena grows; index_slots last (0 before: nothing is heap). Side
	 * by side, so kfree reaches all three from one address. */
	u32 index_base, index_slots;
	void *index;
	/*
	 * Page counters, down to @arenas but for @grow_pfn. Only
	 * page_alloc.c writes them (the other layers call its
	 * page_init_locked(), page_add_grown_locked(), page_add_arena_locked()
	 * and page_reset_min_avail_locked()), so it alone keeps, lock held,
	 *   total = free + ungrown + span + meta
	 * (mm_validate checks it); free counts tree runs only.
	 */
	size_t total_pages, free_pages, span_pages, meta_pages;
	size_t ungrown_pages;	/* usable pages in no arena yet */
	/* arena.c's growth cursor: every region page below is in an arena */
	pfn_t grow_pfn;
	size_t min_avail_pages;	/* lowest free + ungrown since mm_init */
	size_t arena_meta_pages; /* of meta_pages: arena metadata blocks */
	size_t boot_meta_pages;	/* of meta_pages: carved by mm_init */
	unsigned int arenas;	/* arenas with metadata */
	struct span *pool;	/* free span structs */
	/*
	 * Span structs made from persistent metadata (arenas bring two
	 * spares each besides). Never given back: a lock-free free may read
	 * a struct after its span is gone (kfree_fast()). New ones are made
	 * only when the pool has fewer than two, and every struct in use
	 * covers pages of its own (a span or a free run), so
	 *   span_structs <= total_pages + 2
	 * whatever the heap went through (mm_validate checks it).
	 */
	size_t span_structs;
	/* Freed large runs kept whole, newest first (large.c): CACHED spans
	 * linked by ->next and ->prev, at most LARGE_CACHE_KEEP; the oldest
	 * is large_cache_old. Their pages: large_cached_pages. */
	struct span *large_cache, *large_cache_old;
	unsigned int large_cached;
	size_t large_cached_pages;   /* <= large_cache_budget() */
	char *persist, *persist_end; /* bump area for small metadata */
	struct page_reclaimer *reclaimers; /* registered at mm_init */
};

extern struct mheap mheap;

/*
 * A reclaimer: a layer above the page allocator that keeps pages for
 * reuse (a class's empty spans, kept large runs) and gives them back on
 * demand. It registers once, at mm_init, so the page allocator and the
 * layers beside it reach it without calling up into it.
 *   reclaim         give back everything kept; called with no lock held
 *                   (it takes its own locks, then mheap.lock). Returns the
 *                   pages given back.
 *   reclaim_locked  with mheap.lock held, give back some of it (0: none
 *                   left), or NULL when the layer's own locks come first
 *                   in the lock order (the central lists): the page
 *                   allocator calls it, and looks for a fit again, before
 *                   it grows the heap into a new arena.
 */
struct page_reclaimer {
	size_t (*reclaim)(void);
	size_t (*reclaim_locked)(void);
	struct page_reclaimer *next;
};

void page_reclaimer_register(struct page_reclaimer *r);
/* page_reclaim - every reclaimer's reclaim(), with no lock held: what
 * mm_drain() and a request that found no pages do. Pages given back. */
size_t page_reclaim(void);

/* page_alloc_locked - span of @npages at a multiple of @align pages, taken
 * from the lowest-address run that fits; grows the heap when needed.
 * Return: the span in @state, or NULL. O(log runs) plus growth. */
struct span *page_alloc_locked(size_t npages, size_t align, u8 state);
void page_free_locked(struct span *s);
/* page_trim_locked - give the pages of span @s past its first @npages back
 * (0 < @npages < s->npages); false, with nothing changed, when no span
 * struct can be had for them. O(pages given) + O(log runs). */
bool page_trim_locked(struct span *s, size_t npages);
/* The counters at mm_init: @total usable pages, of which the @boot_pages
 * boot metadata pages at @boot, the persistent allocator's first block;
 * the rest in no arena yet. */
void page_init_locked(void *boot, size_t boot_pages, size_t total);
/* page_add_grown_locked - a grown arena's free pages [start, start + n),
 * in state PG_FREE, leave the ungrown count and become a free run. */
void page_add_grown_locked(pfn_t start, size_t n);
/* page_add_arena_locked - a new arena's metadata block of @meta_pages: it
 * leaves the ungrown count when @ungrown (its own pages, or borrowed from
 * an arena not grown yet); page_carve_meta_locked() counted it otherwise. */
void page_add_arena_locked(size_t meta_pages, bool ungrown);
/* Restart the low-water mark of free + ungrown pages from now. */
void page_reset_min_avail_locked(void);
/* Metadata: zeroed bytes that live forever, under the heap lock. */
void *page_persist_alloc_locked(size_t size);
/*
 * page_persist_once - the object *@slot points to, made of @size bytes of
 * persistent metadata by the first call, which runs @init on it under the
 * heap lock and publishes it (release). Lock-free once made; NULL while no
 * metadata is left. For tables a heap may never need (caches, roots).
 */
void *page_persist_once(void **slot, size_t size, void (*init)(void *obj));

/* Pages page_persist_alloc_locked() takes at a time, at most, on a heap
 * of @total pages: 4 KiB, or a 64th of a heap under 256 KiB (at least a
 * page); fewer while few span structs exist. */
size_t page_persist_chunk_pages(size_t total);
/* Bytes page_persist_alloc_locked() takes for a request of @size. */
static inline size_t page_persist_size(size_t size)
{
	return ALIGN(size, sizeof(void *) * 2);
}
/* Self-test fault injection: metadata requests fail while it is set. */
extern bool page_meta_fail;
/*
 * page_carve_meta_locked - whole metadata pages. @persist: zeroed, for the
 * persistent allocator (span structs, caches, tag arrays), which never
 * gives them back: from the end of the highest free run, growing the heap
 * if none fits, so metadata made while the heap fills collects at its top
 * instead of cutting the runs that lowest-first allocation uses (memblock
 * allocates top-down for the same reason). Else, an arena's own block,
 * not zeroed (arena_grow_locked() writes what it reads): from the start of
 * the lowest free run, without growing.
 */
void *page_carve_meta_locked(size_t npages, bool persist);
struct span *page_span_struct_alloc_locked(void);
void page_span_struct_free_locked(struct span *s);
size_t page_avail(void);
void page_tree_check(int *err);
size_t page_tree_largest(void);
void page_tree_dump(unsigned int max);
/* Free runs in address order until @fn returns false; heap lock held. */
void page_tree_walk(bool (*fn)(const struct span *s, void *arg), void *arg);

#endif
