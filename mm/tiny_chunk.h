/* SPDX-License-Identifier: MIT */
/*
 * A tiny span's layout (mm/tiny.c has the allocator): what the heap
 * bitmap and the scanner read of its objects.
 *
 *   [start bits][live bits][mark bits][chunk][chunk] ... [chunk][end]
 *
 * Each plane has a bit per granule (TINY_GRAN bytes) of the span. A chunk
 * is a run of granules with a start bit on its first, and a live bit
 * there too when it is an object: the whole chunk, with no header, so
 * equal objects pack side by side at their natural alignment. A free
 * chunk holds its size in its first and its last word (struct tiny_free).
 * The end granule has both bits, so every chunk is followed by a start.
 * Mark bits, the scanner's, come with the heap bitmap only.
 */
#ifndef MM_TINY_CHUNK_H
#define MM_TINY_CHUNK_H

#include "span.h"

#define TINY_GRAN MM_MIN_ALIGN /* chunk unit: kmalloc's alignment */

/* A free chunk's head; its last word holds its size again. */
struct tiny_free {
	size_t size;		       /* bytes, a multiple of TINY_GRAN */
	struct tiny_free *next, *prev; /* its bin */
};

/* The smallest chunk: a free one's head and last word. */
#define TINY_MIN                                                               \
	ALIGN(sizeof(struct tiny_free) + sizeof(size_t), (size_t)TINY_GRAN)

enum tiny_plane { TINY_START, TINY_LIVE, TINY_MARK };
#define TINY_PLANES (IS_ENABLED(CONFIG_MM_HEAP_BITMAP) ? 3 : 2)

/* Longs of one plane of a span of @npages. */
static inline size_t tiny_plane_longs(size_t npages)
{
	return DIV_ROUND_UP((npages << PAGE_SHIFT) / TINY_GRAN, BITS_PER_LONG);
}

static inline unsigned long *tiny_plane(const struct span *s,
					enum tiny_plane plane)
{
	return (unsigned long *)span_base(s) +
	       (size_t)plane * tiny_plane_longs(s->npages);
}

/* The first chunk, and the end granule after the last. */
static inline uintptr_t tiny_lo(const struct span *s)
{
	return span_base(s) +
	       ALIGN(TINY_PLANES * sizeof(long) * tiny_plane_longs(s->npages),
		     (size_t)TINY_GRAN);
}

static inline uintptr_t tiny_end(const struct span *s)
{
	return span_base(s) + (s->npages << PAGE_SHIFT) - TINY_GRAN;
}

/* Granule index of address @a in span @s. */
static inline size_t tiny_gran(const struct span *s, uintptr_t a)
{
	return (a - span_base(s)) / TINY_GRAN;
}

static inline bool tiny_test(const struct span *s, enum tiny_plane plane,
			     uintptr_t a)
{
	size_t g = tiny_gran(s, a);

	return tiny_plane(s, plane)[g / BITS_PER_LONG] >> (g % BITS_PER_LONG) &
	       1;
}

/* Bytes of the live chunk at @c: to the next start bit. O(its size). */
size_t tiny_live_bytes(const struct span *s, uintptr_t c);
/* The first live chunk at or after chunk start @c, its bytes in *@size;
 * 0 when there is none. */
uintptr_t tiny_next_obj(const struct span *s, uintptr_t c, size_t *size);
/* The live chunk holding @p, or 0. O(TINY_REQ_MAX / TINY_GRAN / word). */
uintptr_t tiny_chunk_holding(const struct span *s, uintptr_t p);

/* Every object (live chunk) of tiny span @s: its address and bytes. */
#define tiny_for_each_obj(s, c, size)                                          \
	for ((c) = tiny_next_obj(s, tiny_lo(s), &(size)); (c);                 \
	     (c) = tiny_next_obj(s, (c) + (size), &(size)))

#endif
