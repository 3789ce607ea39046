/* SPDX-License-Identifier: MIT */
/*
 * Large objects: whole pages for one object, and freed runs kept for
 * reuse (mm/large.c).
 */
#ifndef MM_LARGE_H
#define MM_LARGE_H

#include "span.h"

/*
 * Freed large runs of up to 64 KiB are kept for reuse (large.c): the
 * buffers programs take and free by the thousand (frames, DMA and file
 * blocks). Beyond that the page allocator's work is small next to what
 * the caller does with the object.
 */
#define LARGE_CACHE_PAGES ((size_t)(64 * 1024) >> PAGE_SHIFT)
/* At most 768 KiB. More find a fit more often but spread the heap: with
 * 16 the steady state of `mixed` grew an arena (docs/benchmarks.md).
 * None on tiny-only heaps: their large objects are few, and a kept run
 * is RAM that a heap of tens of KiB cannot spare. */
#define LARGE_CACHE_KEEP (IS_ENABLED(CONFIG_MM_TINY_ONLY) ? 0 : 12)

/*
 * large_alloc - a LARGE span of DIV_ROUND_UP(@size, PAGE_SIZE) pages at
 * @align (a multiple of PAGE_SIZE): a kept run of up to half as many pages
 * more, the rest given back, else new pages. NULL when out of memory.
 * Takes mheap.lock.
 */
struct span *large_alloc(size_t size, size_t align);
/* Free the object of LARGE span @s: kept (large.c) or its pages freed. */
void large_free_locked(struct span *s);
size_t large_cache_pages_locked(void);
/* large_init - register the kept runs with the page allocator. */
void large_init(void);

#endif
