/* SPDX-License-Identifier: MIT */
/*
 * A tiny span's layout (mm/tiny.c has the allocator): what the heap
 * bitmap and the scanner read of its chunks.
 *
 *   [start bitmap][chunk][chunk]...[chunk][sentinel]
 *
 * The start bitmap has a bit per granule (TINY_GRAN) of the span, set
 * exactly where a chunk starts. A chunk is a header and its object; the
 * chunks tile the span from tiny_lo() to tiny_end(), where a sentinel
 * header (size 0, used) stands so that every chunk has a next one.
 */
#ifndef MM_TINY_CHUNK_H
#define MM_TINY_CHUNK_H

#include "span.h"

#define TINY_GRAN  MM_MIN_ALIGN /* chunk unit: kmalloc's alignment */
#define TINY_HDR   TINY_GRAN	/* so the object after it is aligned */
#define TINY_USED  1u		/* tiny_chunk.size: the chunk is live */
#define TINY_MARK  2u		/* tiny_chunk.size: the scanner's mark */
#define TINY_FLAGS (TINY_USED | TINY_MARK)

struct tiny_chunk {
	u32 size; /* bytes, a multiple of TINY_GRAN, | TINY_FLAGS */
	u32 prev; /* bytes of the chunk before in the span; 0: first */
};

static inline struct tiny_chunk *tiny_chunk_at(uintptr_t a)
{
	return (struct tiny_chunk *)a;
}

static inline size_t tiny_chunk_bytes(const struct tiny_chunk *c)
{
	return c->size & ~TINY_FLAGS;
}

/* Bytes of the start bitmap of a span of @npages: whole granules. */
static inline size_t tiny_bits_bytes(size_t npages)
{
	return ALIGN(DIV_ROUND_UP((npages << PAGE_SHIFT) / TINY_GRAN, 8),
		     (size_t)TINY_GRAN);
}

static inline unsigned long *tiny_bits(const struct span *s)
{
	return (unsigned long *)span_base(s);
}

/* The first chunk, and the sentinel after the last. */
static inline uintptr_t tiny_lo(const struct span *s)
{
	return span_base(s) + tiny_bits_bytes(s->npages);
}

static inline uintptr_t tiny_end(const struct span *s)
{
	return span_base(s) + (s->npages << PAGE_SHIFT) - TINY_HDR;
}

/* The start bit of granule @c (c >= span_base(s)), as word and mask. */
static inline unsigned long *tiny_start_word(const struct span *s, uintptr_t c,
					     unsigned long *mask)
{
	size_t g = (c - span_base(s)) / TINY_GRAN;

	*mask = BIT(g % BITS_PER_LONG);
	return &tiny_bits(s)[g / BITS_PER_LONG];
}

static inline bool tiny_starts(const struct span *s, uintptr_t c)
{
	unsigned long m, *w = tiny_start_word(s, c, &m);

	return *w & m;
}

/* Every chunk of tiny span @s, used or free, as an address. */
#define tiny_for_each_chunk(s, c)                                              \
	for ((c) = tiny_lo(s); (c) < tiny_end(s);                              \
	     (c) += tiny_chunk_bytes(tiny_chunk_at(c)))

/* The live chunk whose object holds @p, or 0. O(distance to its start). */
uintptr_t tiny_chunk_holding(const struct span *s, uintptr_t p);

#endif
