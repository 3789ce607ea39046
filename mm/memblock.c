// SPDX-License-Identifier: MIT
/*
 * memblock: the board's RAM and reservations, recorded before mm_init, and
 * the early page carver that feeds boot metadata (the arena index, central
 * lists, CPU caches) before any arena exists. Ranges are page frames,
 * sorted and non-overlapping; tables are small and fixed, so every
 * operation is O(regions + reserved).
 */
#include "memblock.h"

struct memblock memblock;

bool memblock_frozen(void)
{
	return memblock.closed;
}

void memblock_freeze(void)
{
	memblock.closed = true;
}

/* Insert @r into sorted @tab of @n entries (room checked by the caller). */
static unsigned int range_insert(struct memblock_range *tab, unsigned int n,
				 struct memblock_range r)
{
	unsigned int i = n;

	while (i && tab[i - 1].start > r.start) {
		tab[i] = tab[i - 1];
		i--;
	}
	tab[i] = r;
	return i;
}

/* Remove entry @i of @tab of @n entries. */
static void range_del(struct memblock_range *tab, unsigned int n,
		      unsigned int i)
{
	for (; i + 1 < n; i++)
		tab[i] = tab[i + 1];
}

/*
 * Take into @r, and out of @tab (of *@n entries), every entry that @r
 * overlaps or touches; with @mask, only those whose bit there is @meta,
 * and the bits above follow their entries down.
 */
static void range_absorb(struct memblock_range *tab, unsigned int *n,
			 struct memblock_range *r, unsigned int *mask,
			 bool meta)
{
	for (unsigned int i = 0; i < *n;) {
		const struct memblock_range *o = &tab[i];

		if (o->start > r->end || r->start > o->end ||
		    (mask && ((*mask >> i) & 1) != meta)) {
			i++;
			continue;
		}
		r->start = min(r->start, o->start);
		r->end = max(r->end, o->end);
		range_del(tab, (*n)--, i);
		if (mask)
			*mask = (*mask & ((1u << i) - 1)) |
				((*mask >> (i + 1)) << i);
	}
}

/*
 * The inclusive last byte of [base, base + size), and whether every byte of
 * it has a heap key below 2^ARCH_HEAP_ADDR_BITS with keys contiguous (on
 * MIPS32 a kseg0 range must not run into kseg1 or mapped space).
 */
static int range_check(uintptr_t base, size_t size, uintptr_t *last)
{
	uintptr_t kfirst, klast;

	if (!size)
		return -EINVAL;
	if (size - 1 > UINTPTR_MAX - base)
		return -ERANGE;		/* wraps around the address space */
	*last = base + (size - 1);
	kfirst = arch_heap_key(base);
	klast = arch_heap_key(*last);
	if (klast < kfirst || klast - kfirst != size - 1)
		return -ERANGE;
	if (ARCH_HEAP_ADDR_BITS < sizeof(uintptr_t) * 8 &&
	    (klast >> (ARCH_HEAP_ADDR_BITS % (sizeof(uintptr_t) * 8))) != 0)
		return -ERANGE;
	return 0;
}

/*
 * The whole pages of RAM [base, base + size) in *@r, rounded inwards, or
 * an error from range_check(); *@r may come out empty.
 */
static int region_pfns(uintptr_t base, size_t size, struct memblock_range *r)
{
	uintptr_t last;
	int err = range_check(base, size, &last);

	if (err)
		return err;
	/* Page 0 is never managed, so neither NULL nor ZERO_SIZE_PTR can
	 * be an object. */
	if (base > UINTPTR_MAX - (PAGE_SIZE - 1))
		return -EINVAL;
	r->start = addr_to_pfn(ALIGN(base, PAGE_SIZE));
	r->end = addr_to_pfn(last) + ((last & (PAGE_SIZE - 1)) == PAGE_SIZE - 1);
	if (r->start == 0)
		r->start = 1;
	return 0;
}

/* Say why region [base, base + size) is refused; return @err. */
static int __cold __noinline memblock_refuse(uintptr_t base, size_t size,
					     const char *why, int err)
{
	pr_err(MM_MSG("mm: region 0x%lx+0x%lx: %s\n",
		      "mm: region 0x%lx+0x%lx %s; refused\n"),
	       (unsigned long)base, (unsigned long)size, why);
	return err;
}

/*
 * memblock_add - record RAM [base, base + size) in @mb; the checks of
 * mm_add_region(), on any table, so tests can run them after mm_init.
 */
int memblock_add(struct memblock *mb, uintptr_t base, size_t size)
{
	struct memblock_range r;
	unsigned int n;
	int err;

	err = region_pfns(base, size, &r);
	if (err == -ERANGE)
		return memblock_refuse(base, size,
				       MM_MSG("beyond the index",
					      "needs more address bits than "
					      "this architecture indexes"),
				       err);
	if (err)
		return err;
	if (r.start >= r.end)
		return memblock_refuse(
			base, size,
			MM_MSG("no whole page", "holds no whole page"),
			-EINVAL);
	for (unsigned int i = 0; i < mb->nr_regions; i++) {
		if (r.start < mb->region[i].end && mb->region[i].start < r.end)
			return memblock_refuse(
				base, size,
				MM_MSG("overlap", "overlaps a region"),
				-EINVAL);
	}
	/* Touching regions merge, as in Linux: RAM that is contiguous is
	 * one region, and an object may span the seam. */
	n = mb->nr_regions;
	range_absorb(mb->region, &n, &r, NULL, false);
	if (n == MEMBLOCK_MAX_REGIONS)	/* merged with none */
		return memblock_refuse(base, size,
				       MM_MSG("table full",
					      "is a region more than the "
					      "table holds"),
				       -EINVAL);
	range_insert(mb->region, n, r);
	mb->nr_regions = (u8)(n + 1);
	return 0;
}

int mm_add_region(uintptr_t base, size_t size)
{
	if (memblock.closed)
		return memblock_refuse(
			base, size,
			MM_MSG("after mm_init()", "added after mm_init()"),
			-EINVAL);
	return memblock_add(&memblock, base, size);
}

int mm_remove_region(uintptr_t base, size_t size)
{
	struct memblock_range r;

	if (memblock.closed)
		return memblock_refuse(base, size, "removed after mm_init()",
				       -EINVAL);
	if (region_pfns(base, size, &r) || r.start >= r.end)
		return -EINVAL;
	for (unsigned int i = 0; i < memblock.nr_regions; i++) {
		struct memblock_range *o = &memblock.region[i];

		if (r.start < o->start || r.end > o->end)
			continue;
		if (r.start > o->start && r.end < o->end) {
			struct memblock_range hi = { r.end, o->end };

			if (memblock.nr_regions == MEMBLOCK_MAX_REGIONS)
				return -ENOSPC;
			o->end = r.start;
			range_insert(memblock.region, memblock.nr_regions++, hi);
		} else if (r.start > o->start) {
			o->end = r.start;
		} else if (r.end < o->end) {
			o->start = r.end;
		} else {
			range_del(memblock.region, memblock.nr_regions--, i);
		}
		return 0;
	}
	return -ENOENT;
}

/*
 * Add a reserved range, merging with ranges of its kind it overlaps or
 * touches. -ENOSPC, with nothing changed, when it merges with none and
 * @limit ranges are there already.
 */
static int reserve_pfns(pfn_t start, pfn_t end, bool meta, unsigned int limit)
{
	struct memblock_range r = { start, end };
	unsigned int i, n = memblock.nr_reserved, mask = memblock.meta_mask;

	range_absorb(memblock.reserved, &n, &r, &mask, meta);
	memblock.nr_reserved = (u8)n;
	memblock.meta_mask = (u16)mask;
	if (n >= limit)
		return -ENOSPC;
	i = range_insert(memblock.reserved, n, r);
	/* Shift the meta bits above the insertion point up by one. */
	memblock.meta_mask = (u16)((mask & ((1u << i) - 1)) |
				   ((mask >> i) << (i + 1)) |
				   ((unsigned int)meta << i));
	memblock.nr_reserved++;
	return 0;
}

int mm_reserve(uintptr_t base, size_t size)
{
	uintptr_t last;

	if (memblock.closed || !size || size - 1 > UINTPTR_MAX - base)
		return -EINVAL;
	last = base + (size - 1);
	if (reserve_pfns(addr_to_pfn(base), addr_to_pfn(last) + 1, false,
			 MEMBLOCK_MAX_RESERVED)) {
		pr_err("mm: reserve 0x%lx+0x%lx: more than %u reserved ranges; "
		       "refused\n", (unsigned long)base, (unsigned long)size,
		       MEMBLOCK_MAX_RESERVED);
		return -ENOSPC;
	}
	return 0;
}

int memblock_reserve_meta(pfn_t start, size_t n)
{
	return reserve_pfns(start, start + n, true,
			    MEMBLOCK_MAX_RESERVED + MEMBLOCK_META_RANGES);
}

void memblock_for_each_free(pfn_t from,
			    void (*fn)(pfn_t s, pfn_t e, void *arg), void *arg)
{
	const struct memblock_range *r;

	for_each_region(r) {
		pfn_t s = max(r->start, from);

		while (s < r->end) {
			pfn_t e = r->end;

			for (unsigned int i = 0; i < memblock.nr_reserved; i++) {
				const struct memblock_range *v =
					&memblock.reserved[i];

				if (v->start <= s && s < v->end)
					s = v->end;
				else if (v->start > s && v->start < e)
					e = v->start;
			}
			if (s < e && e <= r->end) {
				fn(s, e, arg);
				s = e;
			}
		}
	}
}

struct memblock_fit {
	size_t n;
	pfn_t at;
};

static void memblock_note_fit(pfn_t s, pfn_t e, void *arg)
{
	struct memblock_fit *f = arg;

	if (!f->at && e - s >= f->n)
		f->at = s;
}

pfn_t memblock_find_free(pfn_t from, size_t n)
{
	struct memblock_fit f = { n, 0 };

	memblock_for_each_free(from, memblock_note_fit, &f);
	return f.at;
}

static void memblock_count(pfn_t s, pfn_t e, void *arg)
{
	*(size_t *)arg += e - s;
}

size_t memblock_total_pages(void)
{
	size_t n = 0;

	memblock_for_each_free(0, memblock_count, &n);
	return n;
}

/*
 * Carve @npages contiguous pages from the lowest free stretch of RAM and
 * reserve them as metadata. Only before the heap grows into an arena: the
 * arena code reads these reservations when it builds page states.
 */
void *memblock_alloc(size_t npages)
{
	pfn_t s = memblock_find_free(0, npages);

	if (!s || memblock_reserve_meta(s, npages))
		return NULL;
	memset((void *)pfn_to_addr(s), 0, npages << PAGE_SHIFT);
	return (void *)pfn_to_addr(s);
}
