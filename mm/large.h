/* SPDX-License-Identifier: MIT */
/*
 * Large objects: whole pages for one object, and freed runs kept for
 * reuse (mm/large.c).
 */
#ifndef MM_LARGE_H
#define MM_LARGE_H

#include "span.h"
#include "tiny.h"

/*
 * Freed large runs of up to 64 KiB are kept for reuse (large.c): the
 * buffers programs take and free by the thousand (frames, DMA and file
 * blocks). Beyond that the page allocator's work is small next to what
 * the caller does with the object.
 */
#define LARGE_CACHE_PAGES ((size_t)(64 * 1024) >> PAGE_SHIFT)
/*
 * At most LARGE_CACHE_KEEP runs, holding at most 1/LARGE_CACHE_SHARE of
 * the heap's pages: a bound on the walk that looks for a fit, and on the
 * RAM they hold back, which they give back before the heap grows into a
 * new arena and before any allocation fails. `mixed` on mps2 (a 24 MiB
 * heap) costs 176 instructions a pair with 12 runs, 159 with 32, 152 with
 * 48, 151 with 64; with 64, one call of its first pass gave back 26 kept
 * runs, each found by a search of them all (docs/benchmarks.md, a call
 * of 14,415 instructions). None on tiny-only heaps: their large objects
 * are few, and a kept run is RAM that a heap of tens of KiB cannot spare.
 */
#define LARGE_CACHE_KEEP  (IS_ENABLED(CONFIG_MM_TINY_ONLY) ? 0 : 48)
#define LARGE_CACHE_SHARE 16
/*
 * On a heap of over 1 MiB, kmalloc() gives a large object that may be
 * kept a multiple of a 2^LARGE_STEP_SHIFT-th of its power of two of pages
 * (9 pages become 10, 17 become 20): at most 25% more than asked for, an
 * eighth on average, as jemalloc's large size classes. Then a freed run
 * fits the next request of its size class exactly, where it used to fit
 * a request of its own page count only: `mixed` on mps2 costs 176
 * instructions a pair instead of 194, with 12 runs kept.
 */
#define LARGE_STEP_SHIFT 2

/* large_cache_budget - the most pages kept runs may hold. */
static inline size_t large_cache_budget(void)
{
	return mheap.total_pages / LARGE_CACHE_SHARE;
}

/* The page classes are for heaps of over TINY_HEAP_MAX, which mm_init()
 * makes tiny by default: fixed from then on, whatever tiny_active says. */
static inline bool large_classes_on(void)
{
	return mheap.total_pages > TINY_HEAP_MAX >> PAGE_SHIFT;
}

/* large_pages - the pages of kmalloc()'s large object of @size bytes. */
static inline size_t large_pages(size_t size)
{
	size_t n = DIV_ROUND_UP(size, PAGE_SIZE);

	if (LARGE_CACHE_KEEP && large_classes_on() &&
	    n > 1U << LARGE_STEP_SHIFT && n <= LARGE_CACHE_PAGES)
		n = ALIGN(n, (size_t)1 << (ilog2(n) - LARGE_STEP_SHIFT));
	return n;
}

/*
 * large_alloc - a LARGE span for @size bytes at @align (a multiple of
 * PAGE_SIZE): large_pages(@size) pages, or with @exact the fewest that
 * hold it. A kept run of up to half as many pages more, the rest given
 * back, else new pages. NULL when out of memory. Takes mheap.lock.
 */
struct span *large_alloc(size_t size, size_t align, bool exact);
/* Free the object of LARGE span @s: kept (large.c) or its pages freed. */
void large_free_locked(struct span *s);
size_t large_cache_pages_locked(void);
/* large_init - register the kept runs with the page allocator. */
void large_init(void);

#endif
