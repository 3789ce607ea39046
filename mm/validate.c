// SPDX-License-Identifier: MIT
/*
 * mm_validate: walk the whole heap and check its invariants, returning an
 * answer rather than asserting. It holds every class lock and the heap
 * lock, so only the lock-free paths can move: allocations in spans other
 * CPUs own, and frees anywhere. With one CPU (interrupts masked here)
 * nothing moves and every count is checked exactly. With several, a free
 * may be between clearing its bit and counting it, or waiting for a class
 * lock to move its span to another list: at most one such free per other
 * CPU is allowed for. A span another CPU owns is checked for its header
 * and owner only: its count moves both ways while we look. It cannot
 * prove that object contents are intact: that is what red zones (debug
 * level 2) are for. A damaged object they show is reported once, put
 * right, and the walk goes on; a broken structure stops it.
 */
#include "central.h"
#include "cpu_cache.h"
#include "debug.h"
#include "init.h"
#include "large.h"
#include "lookup.h"
#include "tiny.h"

struct vstate {
	int err;		/* a broken structure: the walk stops */
	int corrupt;		/* damaged objects (debug levels): it goes on */
	size_t span_pages, free_pages, meta_pages;
	unsigned long spans[MM_STATS_CLASSES];
	unsigned int large_cached; /* CACHED spans met in the arenas */
	unsigned long tiny_free; /* free chunks met in TINY spans */
};

#define VFAIL(v, fmt, ...)                                                    \
	do {                                                                  \
		pr_err("mm: validate: " fmt "\n", ##__VA_ARGS__);             \
		(v)->err = -EUCLEAN;                                          \
	} while (0)

/* Frees that may be half done while we look (file comment). */
#define IN_FLIGHT	(CONFIG_NR_CPUS - 1u)

/*
 * A span no other CPU can allocate from: nalloc read before (@before) and
 * after (@after) its bitmap showed @bits objects (plus our own cached
 * ones). Both only go down while we look, and at any instant
 * bits <= nalloc <= bits + IN_FLIGHT; frees that end while we count can
 * make a single read of nalloc miss by any number, these two cannot.
 */
static bool nalloc_ok(unsigned int before, unsigned int after,
		      unsigned int bits)
{
	return bits <= before && after <= bits + IN_FLIGHT;
}

static void check_span(struct vstate *v, struct span *s)
{
	unsigned int c = s->sizeclass, nalloc, after, bits, extra = 0;

	v->span_pages += s->npages;
	if (s->state == SPAN_CACHED) { /* no object: nothing more */
		v->large_cached++;
		return;
	}
	if (IS_ENABLED(CONFIG_MM_TINY) && s->state == SPAN_TINY) {
		v->tiny_free += tiny_check_span(s, &v->err);
		return;
	}
	if (MM_DEBUG_REDZONES)
		dbg_check_span(s, &v->corrupt);
	if (s->state == SPAN_LARGE)
		return;
	nalloc = __atomic_load_n(&s->nalloc, __ATOMIC_RELAXED);
	/* An owner may reserve a slot whose free has cleared its bit but
	 * not yet its count: one per other CPU above nelems. */
	if (s->state != SPAN_SMALL || !c || c >= sizeclass_count ||
	    s->npages > sizeclass_npages(c) || !s->nelems ||
	    s->nelems != (s->npages << PAGE_SHIFT) / sizeclass_size(c) ||
	    s->central_class != c ||
	    nalloc > s->nelems + (s->owner ? IN_FLIGHT : 0u) ||
	    s->owner > CONFIG_NR_CPUS) {
		VFAIL(v, "span at 0x%lx: bad header (state %u class %u)",
		      (unsigned long)span_base(s), s->state, c);
		return;
	}
	v->spans[c]++;
	if (s->owner) {
		const struct cpu_class *cc = cpu_class_of(s->owner - 1, c);

		if (cc->s != s || s->move_at != SPAN_MOVE_NEVER) {
			VFAIL(v, "span at 0x%lx claims CPU %u, whose cache "
			      "disagrees", (unsigned long)span_base(s),
			      s->owner - 1);
			return;
		}
		/* Only our own cache holds still (interrupts are masked);
		 * another owner's count moves both ways. */
		if (s->owner != arch_local_cpu_id() + 1)
			return;
		extra = popcount(cc->avail);
	}
	bits = span_count_allocated(s) + extra;
	after = __atomic_load_n(&s->nalloc, __ATOMIC_RELAXED);
	if (!nalloc_ok(nalloc, after, bits))
		VFAIL(v, "span at 0x%lx: %u then %u objects counted, %u bits "
		      "set (%u of them cached)", (unsigned long)span_base(s),
		      nalloc, after, bits, extra);
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
			if (!s || pfn < s->start ||
			    pfn >= s->start + s->npages ||
			    (s->state != SPAN_SMALL && s->state != SPAN_LARGE &&
			     s->state != SPAN_CACHED && s->state != SPAN_TINY))
				VFAIL(v, "page 0x%lx: no span covers it",
				      (unsigned long)pfn_to_addr(pfn));
			else if (i >= a->hb_clean)
				VFAIL(v, "page 0x%lx: in a span above hb_clean",
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

/*
 * A span on list @list of class @c is wrong unless nalloc fits the list.
 * A free that took a span down to relist_at or to empty may still be
 * waiting for the class lock we hold to move it: with several CPUs,
 * full-list spans may be down to any count and partial ones empty
 * (nalloc of an unowned span only goes down).
 */
static bool list_ok(const struct span *s, unsigned int c, unsigned int list)
{
	unsigned int n = __atomic_load_n(&s->nalloc, __ATOMIC_RELAXED);

	if (s->owner || s->sizeclass != c || s->list != list ||
	    s->move_at != span_move_at(s, list))
		return false;
	switch (list) {
	case SPAN_LIST_PARTIAL:
		return n <= s->relist_at && (n || MM_SMP);
	case SPAN_LIST_FULL:
		return n > s->relist_at || MM_SMP;
	default:
		return n == 0;
	}
}

static void check_lists(struct vstate *v, unsigned int c)
{
	static const unsigned int lists[] = { SPAN_LIST_PARTIAL,
					      SPAN_LIST_FULL,
					      SPAN_LIST_EMPTY };
	struct central *ct = central_of(c);
	unsigned long n = 0, nempty = 0;
	struct span *s;

	for (unsigned int i = 0; i < ARRAY_SIZE(lists); i++) {
		for (s = *central_list(ct, lists[i]); s && !v->err;
		     s = s->next, n++) {
			nempty += lists[i] == SPAN_LIST_EMPTY;
			if (!list_ok(s, c, lists[i]))
				VFAIL(v, "class %u list %u: span 0x%lx", c,
				      lists[i], (unsigned long)span_base(s));
		}
	}
	for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		n += cpu_cache_span(cpu, c) != NULL;
	if (!v->err && (n != ct->nspans || n != v->spans[c] ||
			nempty != ct->nempty || nempty > CENTRAL_KEEP_EMPTY))
		VFAIL(v, "class %u: %lu spans listed, %lu counted, %lu found, "
		      "%lu empty (%u counted)", c, n, ct->nspans,
		      v->spans[c], nempty, ct->nempty);
}

/* The kept large runs: all CACHED, as many as counted and found. */
static void check_large_cache(struct vstate *v)
{
	struct span *prev = NULL;
	unsigned int n = 0;
	size_t pages = 0;

	for (struct span *s = mheap.large_cache; s && !v->err; s = s->next) {
		if (s->state != SPAN_CACHED || s->prev != prev)
			VFAIL(v, "kept large run 0x%lx: state %u, linked "
			      "after %p", (unsigned long)span_base(s),
			      s->state, (void *)s->prev);
		prev = s;
		n++;
		pages += s->npages;
	}
	if (!v->err &&
	    (pages != mheap.large_cached_pages || pages > large_cache_budget()))
		VFAIL(v,
		      "kept large runs hold %lu pages, counted %lu, at "
		      "most %lu",
		      (unsigned long)pages,
		      (unsigned long)mheap.large_cached_pages,
		      (unsigned long)large_cache_budget());
	if (!v->err && mheap.large_cache_old != prev)
		VFAIL(v, "kept large runs: the oldest is %p, not %p",
		      (void *)mheap.large_cache_old, (void *)prev);
	if (!v->err && (n != mheap.large_cached || n != v->large_cached))
		VFAIL(v, "large runs: %u kept, %u counted, %u found", n,
		      mheap.large_cached, v->large_cached);
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
	unsigned long flags;
	unsigned int c;

	if (mminit_early("mm_validate"))
		return -ENODEV;
	flags = local_irq_save();
	for (c = 1; c < sizeclass_count && !MM_TINY_ONLY; c++)
		spin_lock(&central_of(c)->lock);
	spin_lock(&mheap.lock);

	page_tree_check(&v.err);
	for (struct heap_arena *a = arena_next(NULL); a && !v.err;
	     a = arena_next(a))
		check_arena(&v, a);
	for (c = 1; c < sizeclass_count && !v.err && !MM_TINY_ONLY; c++)
		check_lists(&v, c);
	check_large_cache(&v);
	if (IS_ENABLED(CONFIG_MM_TINY) && !v.err)
		tiny_check_bins(v.tiny_free, &v.err);
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
	if (!v.err && mheap.span_structs > mheap.total_pages + 2)
		VFAIL(&v, "%lu span structs made for %lu pages",
		      (unsigned long)mheap.span_structs,
		      (unsigned long)mheap.total_pages);

	spin_unlock(&mheap.lock);
	for (c = sizeclass_count - 1; c >= 1 && !MM_TINY_ONLY; c--)
		spin_unlock(&central_of(c)->lock);
	local_irq_restore(flags);
	return v.err ? v.err : v.corrupt;
}
