// SPDX-License-Identifier: MIT
/*
 * Small spans: a run of pages cut into objects of one size class, tracked
 * by an allocation bitmap (bit set = object allocated). The CPU whose cache
 * owns the span claims objects; any CPU may free them. Both sides change
 * the bitmap with atomic word operations, so a free needs no lock against
 * the owner, and of two frees of one object exactly one sees the bit set.
 */
#include "internal.h"

void span_init_small(struct span *s, unsigned int c)
{
	unsigned int n = sizeclass_nobjs(c), w = n / BITS_PER_LONG;

	BUG_ON(n > SPAN_BITMAP_WORDS * BITS_PER_LONG);
	s->sizeclass = (u8)c;
	s->nelems = (u16)n;
	s->nalloc = 0;
	__atomic_store_n(&s->owner, 0, __ATOMIC_RELAXED);
	s->scan = 0;
	memset(s->alloc_bits, 0, sizeof(s->alloc_bits));
	/* Bits past the last object read as allocated, so the scan below
	 * never hands them out; validate counts them apart. */
	if (n % BITS_PER_LONG)
		s->alloc_bits[w] = ~0UL << (n % BITS_PER_LONG);
	for (w = SPAN_WORDS(n); w < SPAN_BITMAP_WORDS; w++)
		s->alloc_bits[w] = ~0UL;
	if (s->tags)
		memset(s->tags, 0, n * sizeof(*s->tags));
	if (MM_DEBUG_REDZONES)
		dbg_span_poison(s);
	if (IS_ENABLED(CONFIG_MM_HEAP_BITMAP))
		heap_span_locate(s);
}
