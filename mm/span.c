// SPDX-License-Identifier: MIT
/*
 * Small spans: a run of pages cut into objects of one size class, tracked
 * by an allocation bitmap (bit set = object allocated). The CPU whose cache
 * owns the span reserves a word of free objects at a time and hands them
 * out one by one; any CPU may free them. Both sides change the bitmap with
 * atomic word operations, so a free needs no lock against the owner, and
 * of two frees of one object exactly one sees the bit set.
 */
#include "internal.h"

/* Inverse of odd @d modulo 2^32: Newton's iteration doubles the correct
 * low bits each step, from 3 (d * d == 1 mod 8 for any odd d). */
static u32 inverse_mod32(u32 d)
{
	u32 x = d;

	for (int i = 0; i < 4; i++)
		x *= 2 - d * x;
	return x;
}

void span_set_class(struct span *s, unsigned int c)
{
	u32 size = (u32)sizeclass_size(c);

	s->sizeclass = (u8)c;
	s->nelems = (u16)sizeclass_nobjs(c);
	s->relist_at = (u16)(s->nelems - max(1u, s->nelems / 8u));
	s->div_shift = (u8)__ffs(size);
	s->div_inv = inverse_mod32(size >> s->div_shift);
}

void span_init_small(struct span *s, unsigned int c)
{
	unsigned int n = sizeclass_nobjs(c), w = n / BITS_PER_LONG;

	BUG_ON(n > SPAN_BITMAP_WORDS * BITS_PER_LONG);
	span_set_class(s, c);
	s->nalloc = 0;
	__atomic_store_n(&s->owner, 0, __ATOMIC_RELAXED);
	s->list = SPAN_LIST_NONE;
	memset(s->alloc_bits, 0, sizeof(s->alloc_bits));
	/* Bits past the last object read as allocated, so they are never
	 * reserved; span_count_allocated() leaves them out. */
	if (n % BITS_PER_LONG)
		s->alloc_bits[w] = ~0UL << (n % BITS_PER_LONG);
	for (w = SPAN_WORDS(n); w < SPAN_BITMAP_WORDS; w++)
		s->alloc_bits[w] = ~0UL;
	if (s->tags)
		memset(s->tags, 0, n * sizeof(*s->tags));
	if (MM_DEBUG_REDZONES)
		dbg_span_poison(s);
	if (IS_ENABLED(CONFIG_MM_HEAP_BITMAP))
		heap_span_init(s);
	s->free_fast = !MM_DEBUG_REDZONES && !s->tags;
}

unsigned int span_count_allocated(const struct span *s)
{
	unsigned int n = 0;

	for (unsigned int w = 0; w < SPAN_BITMAP_WORDS; w++)
		n += popcount(__atomic_load_n(&s->alloc_bits[w],
					      __ATOMIC_RELAXED));
	return n - (SPAN_BITMAP_WORDS * BITS_PER_LONG - s->nelems);
}

unsigned long span_reserve_word(struct span *s, unsigned int from,
				unsigned int *w)
{
	unsigned int words = SPAN_WORDS(s->nelems);

	for (unsigned int i = 0, v = from; i < words; i++, v++) {
		unsigned long free;

		if (v >= words)
			v = 0;
		free = ~__atomic_load_n(&s->alloc_bits[v], __ATOMIC_ACQUIRE);
		if (free) {
			span_nalloc_add(s, (int)popcount(free));
			*w = v;
			return free;
		}
	}
	return 0;
}
