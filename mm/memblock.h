/* SPDX-License-Identifier: MIT */
/*
 * memblock: RAM and reservations before mm_init (mm/memblock.c).
 */
#ifndef MM_MEMBLOCK_H
#define MM_MEMBLOCK_H

#include "base.h"

#define MEMBLOCK_MAX_REGIONS	8
/* mm_reserve() ranges; metadata ranges (memblock_alloc(), and arena
 * metadata placed in RAM no arena holds yet) have slots of their own, so
 * a board's eight reservations still leave room for the boot block. */
#define MEMBLOCK_MAX_RESERVED	8
#define MEMBLOCK_META_RANGES	2

struct memblock_range {
	pfn_t start, end;	/* [start, end) in pages; start < end */
};

/* Sorted, non-overlapping ranges; @meta marks reserved ranges that hold
 * metadata carved by memblock_alloc() (counted as metadata, not holes). */
struct memblock {
	struct memblock_range region[MEMBLOCK_MAX_REGIONS];
	struct memblock_range reserved[MEMBLOCK_MAX_RESERVED +
				       MEMBLOCK_META_RANGES];
	u16 meta_mask;		/* bit i: reserved[i] is metadata */
	u8 nr_regions, nr_reserved;
	/* Set by mm_init(): no more changes. In the struct's tail padding
	 * rather than a variable of its own (mm/ static data budget). */
	bool closed;
};

extern struct memblock memblock;

#define for_each_region(r)                                                    \
	for (r = memblock.region; r < memblock.region + memblock.nr_regions; r++)

/* memblock_add - mm_add_region()'s checks and insert, on table @mb. */
int memblock_add(struct memblock *mb, uintptr_t base, size_t size);
/* memblock_alloc - carve pages for boot metadata; NULL when none fit. */
void *memblock_alloc(size_t npages);
/* Call @fn for each stretch [s, e) of RAM from page @from up that no
 * range reserves, in address order. O(regions * reserved). */
void memblock_for_each_free(pfn_t from,
			    void (*fn)(pfn_t s, pfn_t e, void *arg), void *arg);
/* The first of the lowest @n free pages in a row from page @from up, or
 * 0 (never RAM). */
pfn_t memblock_find_free(pfn_t from, size_t n);
/* memblock_reserve_meta - mark [start, start + n) as metadata; -ENOSPC
 * when the table has no slot left. */
int memblock_reserve_meta(pfn_t start, size_t n);
/* Usable pages of every region together, the heap's total: RAM that no
 * range reserves, so only before memblock_alloc() carves metadata (as
 * mm_init() calls it). */
size_t memblock_total_pages(void);
bool memblock_frozen(void);
void memblock_freeze(void);

#endif
