// SPDX-License-Identifier: MIT
/*
 * Small spans: a run of pages cut into objects of one size class, tracked
 * by an allocation bitmap (bit set = object allocated). The CPU whose cache
 * owns the span reserves a word of free objects at a time and hands them
 * out one by one; any CPU may free them. Both sides change the bitmap with
 * atomic word operations, so a free needs no lock against the owner, and
 * of two frees of one object exactly one sees the bit set.
 */
#include "debug.h"
#include "page.h"
#include "typed.h"

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
	/* Spans of a class may be shorter than sizeclass_npages(c): made
	 * short when pages ran out, or trimmed (span_trim_tail()). */
	s->nelems = (u16)sizeclass_objs_in(c, s->npages << PAGE_SHIFT);
	s->relist_at = (u16)(s->nelems - max(1u, s->nelems / 8u));
	s->div_shift = (u8)__ffs(size);
	s->div_inv = inverse_mod32(size >> s->div_shift);
}

void span_init_small(struct span *s, unsigned int c)
{
	uintptr_t *tags = span_tag_array(s);
	unsigned int n, w;

	span_set_class(s, c);
	n = s->nelems;
	w = n / BITS_PER_LONG;
	BUG_ON(!n || n > SPAN_BITMAP_WORDS * BITS_PER_LONG);
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
	if (tags)
		memset(tags, 0, n * sizeof(*tags));
	if (MM_DEBUG_REDZONES)
		dbg_span_poison(s);
	if (IS_ENABLED(CONFIG_MM_HEAP_BITMAP))
		typed_span_init(s);
	s->fast_nelems = !MM_DEBUG_REDZONES && !tags ? s->nelems : 0;
}

unsigned int span_count_allocated(const struct span *s)
{
	unsigned int n = 0;

	for (unsigned int w = 0; w < SPAN_BITMAP_WORDS; w++)
		n += popcount(__atomic_load_n(&s->alloc_bits[w],
					      __ATOMIC_RELAXED));
	return n - (SPAN_BITMAP_WORDS * BITS_PER_LONG - s->nelems);
}

/* Index of the highest allocated object of @s, or -1. O(bitmap words). */
static long span_last_allocated(const struct span *s)
{
	for (unsigned int w = SPAN_WORDS(s->nelems); w-- > 0;) {
		unsigned long v = __atomic_load_n(&s->alloc_bits[w],
						  __ATOMIC_RELAXED);
		unsigned int past = s->nelems - w * BITS_PER_LONG;

		if (past < BITS_PER_LONG)	/* bits past the last object */
			v &= (1UL << past) - 1;
		if (v)
			return (long)(w * BITS_PER_LONG + fls(v) - 1);
	}
	return -1;
}

size_t span_trim_tail(struct span *s)
{
	size_t size = sizeclass_size(s->sizeclass), keep, n;
	long last = span_last_allocated(s);
	unsigned int old = s->nelems;
	unsigned long flags;

	if (last < 0 || span_tag_array(s))
		return 0;
	keep = DIV_ROUND_UP((size_t)(last + 1) * size, PAGE_SIZE);
	if (keep >= s->npages)
		return 0;
	n = s->npages - keep;
	flags = spin_lock_irqsave(&mheap.lock);
	/* No tag array: every slot's bits are the layout. The pages given
	 * back read 0/0, the rest the layout of the objects left. */
	if (IS_ENABLED(CONFIG_MM_HEAP_BITMAP))
		typed_span_release(s);
	if (page_trim_locked(s, keep)) {
		span_set_class(s, s->sizeclass);
		if (s->fast_nelems)	/* no tags: it was nelems */
			s->fast_nelems = s->nelems;
		/* The objects that went read as allocated, as past the last
		 * one of any span; none of them was. */
		for (unsigned int i = s->nelems; i < old; i++)
			s->alloc_bits[i / BITS_PER_LONG] |=
				1UL << (i % BITS_PER_LONG);
	} else {
		n = 0;
	}
	if (IS_ENABLED(CONFIG_MM_HEAP_BITMAP))
		typed_span_init(s);
	spin_unlock_irqrestore(&mheap.lock, flags);
	return n;
}