// SPDX-License-Identifier: MIT
/*
 * Small spans: a run of pages cut into objects of one size class, tracked
 * by an allocation bitmap (bit set = object allocated). The CPU whose cache
 * owns the span claims objects; any CPU may free them. Both sides change
 * the bitmap with atomic word operations, so a free needs no lock against
 * the owner, and of two frees of one object exactly one sees the bit set.
 */
#include "internal.h"

#define SPAN_WORDS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

void span_init_small(struct span *s, unsigned int c)
{
	unsigned int n = sizeclass_nobjs(c), w = n / BITS_PER_LONG;

	BUG_ON(n > SPAN_BITMAP_WORDS * BITS_PER_LONG);
	s->sizeclass = (u8)c;
	s->nelems = (u16)n;
	s->nalloc = 0;
	s->owner = 0;
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
}

void *span_obj_addr(const struct span *s, unsigned int idx)
{
	return (void *)(span_base(s) + idx * sizeclass_size(s->sizeclass));
}

/*
 * Claim the first free object at or after the owner's scan word, wrapping
 * once. O(bitmap words): at most PAGE_SIZE / MM_MIN_ALIGN / BITS_PER_LONG.
 */
int span_alloc_obj(struct span *s)
{
	unsigned int words = SPAN_WORDS(s->nelems);

	for (unsigned int i = 0, w = s->scan; i < words; i++, w++) {
		if (w >= words)
			w = 0;
		unsigned long old = __atomic_load_n(&s->alloc_bits[w],
						    __ATOMIC_RELAXED);

		while (~old) {
			unsigned int b = __ffs(~old);

			if (__atomic_compare_exchange_n(&s->alloc_bits[w], &old,
							old | (1UL << b), false,
							__ATOMIC_ACQUIRE,
							__ATOMIC_RELAXED)) {
				s->scan = w;
				__atomic_fetch_add(&s->nalloc, 1,
						   __ATOMIC_RELAXED);
				return (int)(w * BITS_PER_LONG + b);
			}
		}
	}
	return -1;
}

int span_free_obj(struct span *s, unsigned int idx)
{
	unsigned long bit = 1UL << (idx % BITS_PER_LONG);
	unsigned long old = __atomic_fetch_and(
		&s->alloc_bits[idx / BITS_PER_LONG], ~bit, __ATOMIC_RELEASE);

	if (!(old & bit))
		return -EINVAL;
	return (int)__atomic_sub_fetch(&s->nalloc, 1, __ATOMIC_RELAXED);
}
