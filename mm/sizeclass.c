// SPDX-License-Identifier: MIT
/*
 * Size classes: the generated table for this board's page size and
 * alignment (tools/mksizeclasses). The hot lookups are inline in
 * mm/internal.h; nothing divides: sizes map to classes through two byte
 * tables, offsets to object indices through a multiply by a magic number.
 */
#include "internal.h"

#define SC_STR(x) #x
#define SC_HEADER(ps, al) SC_STR(sizeclasses-p##ps-a##al.h)
#define SC_HEADER_FOR(ps, al) SC_HEADER(ps, al)
#if __SIZEOF_POINTER__ == 8
#include SC_HEADER_FOR(CONFIG_PAGE_SHIFT, 16)
#else
#include SC_HEADER_FOR(CONFIG_PAGE_SHIFT, 8)
#endif

_Static_assert(SC_PAGE_SHIFT == PAGE_SHIFT, "table for this page size");
_Static_assert(SC_MIN_ALIGN == MM_MIN_ALIGN, "table for this alignment");
_Static_assert(SC_NR_CLASSES <= MM_STATS_CLASSES, "stats hold every class");
_Static_assert(SC_NR_CLASSES <= 256, "span.sizeclass is a byte");

_Static_assert(SC_SMALL_SIZE_MAX == SC_LUT8_MAX &&
		       SC_SMALL_SIZE_DIV == SC_LUT8_STEP &&
		       SC_LARGE_SIZE_DIV == SC_LUT128_STEP &&
		       SC_MAX_SMALL == SC_MAX_SMALL_SIZE,
	       "mm/internal.h's lookup matches the generated table");

/* The tables under the names internal.h gives them: aliases, not
 * pointers, so the fast path indexes them with no load in between. */
#define SC_ALIAS(name) __attribute__((alias(#name)))
unsigned int sizeclass_count = SC_NR_CLASSES;
extern const u32 sizeclass_sizes[SC_NR_CLASSES] SC_ALIAS(sc_size);
extern const u8 sizeclass_lut8[sizeof(sc_size_to_class8)]
	SC_ALIAS(sc_size_to_class8);
extern const u8 sizeclass_lut128[sizeof(sc_size_to_class128)]
	SC_ALIAS(sc_size_to_class128);
extern const u32 sizeclass_magic[SC_NR_CLASSES] SC_ALIAS(sc_divmagic);

unsigned int sizeclass_npages(unsigned int c)
{
	return sc_npages[c];
}

unsigned int sizeclass_nobjs(unsigned int c)
{
	return sc_nobjs[c];
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
	size_t pages = pow >> PAGE_SHIFT;

	while (pages > sc_npages[c])
		pages >>= 1;
	return pages ? pages : 1;
}

/*
 * A class whose size is a multiple of @align keeps every object aligned
 * (spans start on a page); the powers of two guarantee there is one for
 * any @align up to a page. Return: the class, or 0 for the large path.
 */
unsigned int sizeclass_for_aligned(size_t size, size_t align)
{
	unsigned int c;

	if (align > PAGE_SIZE || size > SC_MAX_SMALL)
		return 0;
	for (c = sizeclass_of(ALIGN(size, align)); c && c < SC_NR_CLASSES;
	     c++) {
		if (sc_size[c] % align == 0)
			return c;
	}
	return 0;
}
