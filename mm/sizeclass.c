// SPDX-License-Identifier: MIT
/*
 * Size classes: the generated table for this board's page size and
 * alignment (tools/mksizeclasses). The hot lookups are inline in
 * mm/sizeclass.h: sizes map to classes through two byte tables. Offsets
 * map to object indices through each span's own divisor (span_obj_index()).
 */
#include "cpu_cache.h"

#define SC_STR(x) #x
#define SC_HEADER(ps, al) SC_STR(sizeclasses-p##ps-a##al.h)
#define SC_HEADER_FOR(ps, al) SC_HEADER(ps, al)
/* The coarse tables of small heaps: 25% steps (mm/Kconfig). */
#define SC_HEADER_S4(ps, al) SC_STR(sizeclasses-p##ps-a##al-s4.h)
#define SC_HEADER_S4_FOR(ps, al) SC_HEADER_S4(ps, al)
#if __SIZEOF_POINTER__ == 8
#include SC_HEADER_FOR(CONFIG_PAGE_SHIFT, 16)
#elif defined(CONFIG_MM_COARSE_CLASSES)
#include SC_HEADER_S4_FOR(CONFIG_PAGE_SHIFT, 8)
#else
#include SC_HEADER_FOR(CONFIG_PAGE_SHIFT, 8)
#endif

_Static_assert(SC_PAGE_SHIFT == PAGE_SHIFT, "table for this page size");
_Static_assert(SC_MIN_ALIGN == MM_MIN_ALIGN, "table for this alignment");
_Static_assert(SC_NR_CLASSES <= MM_STATS_CLASSES, "stats hold every class");
_Static_assert(SC_NR_CLASSES <= 256, "span.sizeclass is a byte");
/* The last class's row in a CPU's cache is a byte's units from its start
 * (mm/cpu_cache.h): its size table before the rows grows with the pages. */
_Static_assert((sizeof(struct cpu_cache) +
		(SC_NR_CLASSES - 1) * sizeof(struct cpu_class)) /
			       CPU_CLASS_UNIT <=
		       255,
	       "a row offset is a byte");
/* tools/mksizeclasses checks that a span holds at most a page's worth of
 * minimum-aligned objects. */
_Static_assert(PAGE_SIZE / MM_MIN_ALIGN <= SPAN_BITMAP_WORDS * BITS_PER_LONG,
	       "a span's objects fit its bitmap");

_Static_assert(SC_SMALL_SIZE_MAX == SC_LUT8_MAX &&
		       SC_SMALL_SIZE_DIV == SC_LUT8_STEP &&
		       SC_LARGE_SIZE_DIV == SC_LUT128_STEP &&
		       SC_MAX_SMALL == SC_MAX_SMALL_SIZE,
	       "mm/sizeclass.h's lookup matches the generated table");

/* The tables under the names sizeclass.h gives them: aliases, not
 * pointers, so the fast path indexes them with no load in between. */
#define SC_ALIAS(name) __attribute__((alias(#name)))
unsigned int sizeclass_count = SC_NR_CLASSES;
extern const u16 sizeclass_sizes[SC_NR_CLASSES] SC_ALIAS(sc_size);
extern const u8 sizeclass_lut8[sizeof(sc_size_to_class8)]
	SC_ALIAS(sc_size_to_class8);
extern const u8 sizeclass_lut128[sizeof(sc_size_to_class128)]
	SC_ALIAS(sc_size_to_class128);

/*
 * Span sizes follow the heap: a span is about 1/64 of it, the nearest
 * power of two of pages (p <= H / 45, 45 = 64 / sqrt(2)), at least a page,
 * within the class's fewest pages with at most 1/8 tail (sc_npages_small)
 * and the generated span (sc_npages: "at least 64 objects"), which large
 * heaps keep. With 1 KiB pages: a page on a 64 KiB heap, 4 KiB on
 * 256 KiB, 16 KiB (for most classes the generated span) on 1 MiB; with
 * 256 B pages, a page on 16 KiB and 1 KiB on 56 KiB.
 *
 * Linear in the heap, not the sqrt(H * sizeof(struct span) / 8) that
 * balances the half span a class leaves free against the span structs:
 * out of pages, the free tails of spans go back (central_trim_tails()), so
 * a class's last span costs under a page at the first NULL whatever its
 * size, and larger spans save structs. What does cost on a small heap is
 * the span every touched class holds at once. Measured (docs/benchmarks.md,
 * "Fill"): 64 KiB with 2 KiB spans 59.5% against 66.4% with 1 KiB; 1 MiB
 * with 8 to 32 KiB 88.2% against 87.4% with 4 KiB; 16 KiB of 256 B pages
 * with 256 B spans 58.0% against 51.3% with 512 B.
 * Set once by mm_init, before any span exists.
 */
static u8 sc_min_span_pages;	/* 0: not set, the generated spans */

void sizeclass_init(size_t total_pages)
{
	unsigned int p = 1, longest = 0;

	for (unsigned int c = 1; c < SC_NR_CLASSES; c++)
		longest = max(longest, (unsigned int)sc_npages[c]);
	while (p < longest && (size_t)p * 2 * 45 <= total_pages)
		p *= 2;
	sc_min_span_pages = (u8)p;
}

/*
 * Objects of class @c in @bytes: udiv32(), so that no image links
 * libgcc's divide helper for this (ARMv6-M has no divide).
 */
unsigned int sizeclass_objs_in(unsigned int c, size_t bytes)
{
	return udiv32((u32)bytes, sc_size[c]);
}

/* Some class has spans smaller than its generated ones. O(classes). */
bool sizeclass_small_spans(void)
{
	for (unsigned int c = 1; c < SC_NR_CLASSES; c++)
		if (sizeclass_npages(c) < sc_npages[c])
			return true;
	return false;
}

unsigned int sizeclass_npages(unsigned int c)
{
	unsigned int n = max((unsigned int)sc_npages_small[c],
			     sc_min_span_pages);

	if (!sc_min_span_pages)
		return sc_npages[c];
	for (; n < sc_npages[c]; n++) {
		u32 span = (u32)n << PAGE_SHIFT;
		u32 tail = span - sizeclass_objs_in(c, span) * sc_size[c];

		if (8 * tail <= span)
			return n;
	}
	return sc_npages[c];
}

unsigned int sizeclass_npages_fewest(unsigned int c)
{
	return sc_npages_small[c];
}

unsigned int sizeclass_nobjs(unsigned int c)
{
	return sizeclass_objs_in(c, (size_t)sizeclass_npages(c) << PAGE_SHIFT);
}

/*
 * Pages a span of class @c is aligned to: the largest power of two that
 * divides the object size, in pages, capped by the span. It makes every
 * power-of-two object naturally aligned (an 8 KiB object in an 8 KiB
 * aligned span), and costs nothing for classes below a page.
 */
size_t sizeclass_span_align(unsigned int c)
{
	size_t pow = (size_t)sc_size[c] & -(size_t)sc_size[c];
	size_t pages = pow >> PAGE_SHIFT, n = sizeclass_npages(c);

	while (pages > n)
		pages >>= 1;
	return pages ? pages : 1;
}

/*
 * A class whose size is a multiple of @align keeps every object aligned
 * (spans start on a page); the powers of two guarantee there is one for
 * any power-of-two @align up to a page. Return: the class, or 0 for the
 * large path.
 */
unsigned int sizeclass_for_aligned(size_t size, size_t align)
{
	unsigned int c;

	if (align > PAGE_SIZE || size > SC_MAX_SMALL)
		return 0;
	for (c = sizeclass_of(ALIGN(size, align)); c && c < SC_NR_CLASSES;
	     c++) {
		if (!(sc_size[c] & (align - 1)))
			return c;
	}
	return 0;
}
