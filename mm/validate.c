// SPDX-License-Identifier: MIT
/*
 * mm_validate: walk the whole heap and check its invariants, returning an
 * answer rather than asserting. It holds every class lock and the heap
 * lock, so only the owners' lock-free fast paths can move: for spans a CPU
 * cache owns it checks bounds but not that nalloc equals the bitmap,
 * which such a CPU may be between updating. It cannot prove that object
 * contents are intact: that is what red zones (debug level 2) are for.
 */
#include "internal.h"

struct vstate {
	int err;
	size_t span_pages, free_pages, meta_pages;
	unsigned long spans[MM_STATS_CLASSES];
};

#define VFAIL(v, fmt, ...)                                                    \
	do {                                                                  \
		pr_err("mm: validate: " fmt "\n", ##__VA_ARGS__);             \
		(v)->err = -EUCLEAN;                                          \
	} while (0)

static unsigned int popcount_bits(const struct span *s)
{
	unsigned int n = 0;

	for (unsigned int w = 0; w < SPAN_BITMAP_WORDS; w++)
		n += popcount(s->alloc_bits[w]);
	/* Bits past the last object are set on purpose. */
	return n - (SPAN_BITMAP_WORDS * BITS_PER_LONG - s->nelems);
}

static void check_span(struct vstate *v, struct span *s)
{
	unsigned int c = s->sizeclass, nalloc;

	v->span_pages += s->npages;
	if (MM_DEBUG_REDZONES)
		dbg_check_span(s, &v->err);
	if (s->state == SPAN_LARGE)
		return;
	nalloc = __atomic_load_n(&s->nalloc, __ATOMIC_RELAXED);
	if (s->state != SPAN_SMALL || !c || c >= sizeclass_count ||
	    s->npages != sizeclass_npages(c) || s->nelems != sizeclass_nobjs(c) ||
	    nalloc > s->nelems || s->owner > CONFIG_NR_CPUS) {
		VFAIL(v, "span at 0x%lx: bad header (state %u class %u)",
		      (unsigned long)span_base(s), s->state, c);
		return;
	}
	v->spans[c]++;
	if (s->owner) {
		if (cpu_cache_span(s->owner - 1, c) != s)
			VFAIL(v, "span at 0x%lx claims CPU %u, whose cache "
			      "disagrees", (unsigned long)span_base(s),
			      s->owner - 1);
	} else if (popcount_bits(s) != s->nalloc) {
		VFAIL(v, "span at 0x%lx: %u objects counted, %u bits set",
		      (unsigned long)span_base(s), s->nalloc,
		      popcount_bits(s));
	}
}

static void check_arena(struct vstate *v, struct heap_arena *a)
{
	pfn_t base = addr_to_pfn(a->base) + a->first;

	if (arena_of(a->base + ((uintptr_t)a->first << PAGE_SHIFT)) != a)
		VFAIL(v, "arena %u is not where the index says", a->key);
	for (unsigned int i = 0; i < a->npages && !v->err; i++) {
		struct span *s = a->spans[i];
		pfn_t pfn = base + i;

		switch (a->state[i]) {
		case PG_SPAN:
			if (!s || pfn < s->start || pfn >= s->start + s->npages ||
			    (s->state != SPAN_SMALL && s->state != SPAN_LARGE))
				VFAIL(v, "page 0x%lx: no span covers it",
				      (unsigned long)pfn_to_addr(pfn));
			else if (pfn == s->start)
				check_span(v, s);
			break;
		case PG_FREE:
			v->free_pages++;
			break;
		case PG_META:
			v->meta_pages++;
			break;
		case PG_HOLE:
			break;
		default:
			VFAIL(v, "page 0x%lx: state %u",
			      (unsigned long)pfn_to_addr(pfn), a->state[i]);
		}
	}
}

static void check_lists(struct vstate *v, unsigned int c)
{
	struct central *ct = central_of(c);
	unsigned long n = 0;
	struct span *s;

	for (s = ct->partial; s && !v->err; s = s->next, n++)
		if (s->owner || s->sizeclass != c || !s->nalloc ||
		    s->nalloc >= s->nelems)
			VFAIL(v, "class %u partial list: span 0x%lx", c,
			      (unsigned long)span_base(s));
	for (s = ct->full; s && !v->err; s = s->next, n++)
		if (s->owner || s->sizeclass != c || s->nalloc != s->nelems)
			VFAIL(v, "class %u full list: span 0x%lx", c,
			      (unsigned long)span_base(s));
	for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		n += cpu_cache_span(cpu, c) != NULL;
	if (!v->err && (n != ct->nspans || n != v->spans[c]))
		VFAIL(v, "class %u: %lu spans listed, %lu counted, %lu found",
		      c, n, ct->nspans, v->spans[c]);
}

/* Boot metadata pages that no arena covers yet. */
static size_t meta_outside_arenas(void)
{
	size_t n = 0;

	for (unsigned int i = 0; i < memblock.nr_reserved; i++) {
		if (!(memblock.meta_mask & (1u << i)))
			continue;
		for (pfn_t p = memblock.reserved[i].start;
		     p < memblock.reserved[i].end; p++)
			n += !arena_of(pfn_to_addr(p));
	}
	return n;
}

int mm_validate(void)
{
	struct vstate v = { 0 };
	unsigned long flags = arch_irq_save();
	unsigned int c;

	for (c = 1; c < sizeclass_count; c++)
		spin_lock(&central_of(c)->lock);
	spin_lock(&mheap.lock);

	free_tree_check(&v.err);
	for (struct heap_arena *a = arena_next(NULL); a && !v.err;
	     a = arena_next(a))
		check_arena(&v, a);
	for (c = 1; c < sizeclass_count && !v.err; c++)
		check_lists(&v, c);
	v.meta_pages += meta_outside_arenas();
	if (!v.err && (v.span_pages != mheap.span_pages ||
		       v.free_pages != mheap.free_pages ||
		       v.meta_pages != mheap.meta_pages))
		VFAIL(&v, "pages found span %lu free %lu meta %lu, counters "
		      "say %lu %lu %lu", (unsigned long)v.span_pages,
		      (unsigned long)v.free_pages, (unsigned long)v.meta_pages,
		      (unsigned long)mheap.span_pages,
		      (unsigned long)mheap.free_pages,
		      (unsigned long)mheap.meta_pages);
	if (!v.err && mheap.free_pages + mheap.ungrown_pages +
			      mheap.span_pages + mheap.meta_pages !=
		      mheap.total_pages)
		VFAIL(&v, "free + ungrown + span + meta != total pages");

	spin_unlock(&mheap.lock);
	for (c = sizeclass_count - 1; c >= 1; c--)
		spin_unlock(&central_of(c)->lock);
	arch_irq_restore(flags);
	return v.err;
}
