/* SPDX-License-Identifier: MIT */
/*
 * Size classes (mm/sizeclass.c and the generated mm/sizeclasses-*.h):
 * from a request to its class, and each class's span geometry.
 */
#ifndef MM_SIZECLASS_H
#define MM_SIZECLASS_H

#include "base.h"

/*
 * The generated tables (mm/sizeclass.c includes the one for this page size
 * and alignment); the lookups on them are inline, they sit on the fast
 * path. Sizes up to SC_LUT8_MAX go through an 8-byte-step table, larger
 * small ones through a 128-byte-step table; the largest class is 8 pages.
 */
#define SC_LUT8_MAX	1024
#define SC_LUT8_STEP	8
#define SC_LUT128_STEP	128
#define SC_MAX_SMALL_SIZE (8 * PAGE_SIZE)

extern unsigned int sizeclass_count;
extern const u16 sizeclass_sizes[];	/* up to 8 pages of 4 KiB */
extern const u8 sizeclass_lut8[], sizeclass_lut128[];

/* sizeclass_of - smallest class holding @size bytes; 0 when too big. */
static inline unsigned int sizeclass_of(size_t size)
{
	if (size <= SC_LUT8_MAX)
		return sizeclass_lut8[(size + SC_LUT8_STEP - 1) / SC_LUT8_STEP];
	if (size <= SC_MAX_SMALL_SIZE)
		return sizeclass_lut128[(size - SC_LUT8_MAX + SC_LUT128_STEP -
					 1) / SC_LUT128_STEP];
	return 0;
}

static inline size_t sizeclass_size(unsigned int c)
{
	return sizeclass_sizes[c];
}

/* sizeclass_init - pick the span sizes for a heap of @total_pages: the
 * generated ones, or on a small heap the fewest pages per class. */
void sizeclass_init(size_t total_pages);
bool sizeclass_small_spans(void);
unsigned int sizeclass_npages(unsigned int c);
unsigned int sizeclass_nobjs(unsigned int c);
/* Objects of class @c in @bytes (less than 2^32): a span's nelems. */
unsigned int sizeclass_objs_in(unsigned int c, size_t bytes);
/* The fewest pages a span of class @c may have: at most 1/8 tail. */
unsigned int sizeclass_npages_fewest(unsigned int c);
size_t sizeclass_span_align(unsigned int c);


/* The class kmalloc_aligned() would use for @size at @align, or 0. */
unsigned int sizeclass_for_aligned(size_t size, size_t align);

#endif
