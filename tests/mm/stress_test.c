// SPDX-License-Identifier: MIT
/*
 * Seeded random runs over the board's whole heap: mixed sizes with a live
 * set, krealloc, tokens checked before every free, mm_validate at
 * checkpoints; then fill to exhaustion (NULL, not a crash), free it all,
 * and check that every page comes back.
 */
#include <baremm/smp.h>
#include "mmtest.h"

#define NSLOTS		1024
#define NOPS		MT_STRESS_OPS(20000)
#define CHECKPOINT	(NOPS / 4)

struct slot {
	void *p;
	size_t n;
};

/* Sizes: mostly small, some medium, a few large, scaled to the heap. */
static size_t pick_size(struct mt_rng *r, size_t large_max)
{
	u32 k = mt_below(r, 100);

	if (k < 70)
		return 1 + mt_below(r, 512);
	if (k < 95)
		return 1 + mt_below(r, 32768);
	return 1 + mt_below(r, (u32)min(large_max, (size_t)UINT32_MAX - 1));
}

static bool slot_free(struct ktest *t, struct slot *s, uintptr_t tag)
{
	bool ok = mt_check(s->p, s->n, tag);

	if (!ok)
		KTEST_FAIL(t, "token of %p (%zu B) overwritten", s->p, s->n);
	kfree(s->p);
	s->p = NULL;
	return ok;
}

static void stress_random_live_set(struct ktest *t)
{
	struct mt_rng rng = { 0x5eed0001 };
	/* Large blocks up to 2 MiB (less on small boards): the fill to
	 * exhaustion below is what covers the whole of RAM. */
	size_t large_max = min((mheap.total_pages << PAGE_SHIFT) / (NSLOTS / 4),
			       (size_t)2 << 20);
	unsigned long allocs = 0, ooms = 0, reallocs = 0;
	size_t peak = 0, live = 0;
	struct mt_snap before;
	struct slot *slots;

	mm_drain();
	mt_snapshot(&before);
	slots = kcalloc(NSLOTS, sizeof(*slots), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, slots);
	for (unsigned int op = 1; op <= NOPS; op++) {
		struct slot *s = &slots[mt_below(&rng, NSLOTS)];
		u32 what = mt_below(&rng, 10);

		if (s->p && what < 4) {
			live -= s->n;
			if (!slot_free(t, s, 1))
				break;
		} else if (s->p && what < 6) {
			size_t n = pick_size(&rng, large_max);
			void *q;

			if (!mt_check(s->p, s->n, 1))
				KTEST_FAIL(t, "token of %p lost", s->p);
			q = krealloc(s->p, n, GFP_KERNEL);
			if (q) {
				live += n - s->n;
				s->p = q;
				s->n = n;
				mt_fill(q, n, 1);
				reallocs++;
			}
		} else if (!s->p) {
			size_t n = pick_size(&rng, large_max);

			s->p = kmalloc(n, GFP_KERNEL);
			if (!s->p) {
				ooms++;
				continue;
			}
			allocs++;
			s->n = n;
			live += n;
			peak = max(peak, live);
			if (!mt_in_one_region(s->p, n))
				KTEST_FAIL(t, "%p + %zu crosses a region", s->p,
					   n);
			mt_fill(s->p, n, 1);
		}
		if (op % CHECKPOINT == 0)
			KTEST_EXPECT_EQ(t, mm_validate(), 0);
	}
	for (unsigned int i = 0; i < NSLOTS; i++)
		if (slots[i].p)
			slot_free(t, &slots[i], 1);
	kfree(slots);
	mm_drain();
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	MT_EXPECT_PAGES_BACK(t, &before);
	ktest_log(t, "%lu allocs, %lu reallocs, %lu NULLs, peak live %zu KiB",
		  allocs, reallocs, ooms, peak >> 10);
}

/*
 * Fill the heap until kmalloc says no: large blocks first, halving the
 * size at each NULL down to the smallest class, every block chained
 * through its first word. Returns the chain; *bytes gets the total.
 */
static void **fill_heap(size_t *bytes, unsigned long *count)
{
	void **chain = NULL;
	size_t n = max(PAGE_SIZE * 64, (mheap.total_pages << PAGE_SHIFT) / 64);

	*bytes = 0;
	*count = 0;
	while (n >= sizeof(void *)) {
		void **p = kmalloc(n, GFP_KERNEL);

		if (!p) {
			n /= 2;
			continue;
		}
		mt_fill(p + 1, n - sizeof(void *), 2);
		*p = chain;
		chain = p;
		*bytes += n;
		(*count)++;
	}
	return chain;
}

static size_t free_chain(struct ktest *t, void **chain)
{
	size_t bad = 0;

	while (chain) {
		void **next = *chain;

		if (!mt_check(chain + 1, ksize(chain) - sizeof(void *), 2) &&
		    !mt_check(chain + 1, 0, 2))
			bad++;
		kfree(chain);
		chain = next;
	}
	(void)t;
	return bad;
}

static void stress_exhaust_and_recover(struct ktest *t)
{
	struct mt_snap base, after_first;
	size_t grown;
	unsigned long count;
	size_t bytes;
	void **chain;

	mm_drain();
	mt_snapshot(&base);
	chain = fill_heap(&bytes, &count);
	KTEST_EXPECT_NULL(t, kmalloc(MM_MIN_ALIGN, GFP_KERNEL));
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	ktest_log(t, "filled %zu KiB of %lu KiB in %lu blocks", bytes >> 10,
		  (unsigned long)((mheap.total_pages << PAGE_SHIFT) >> 10),
		  count);
	/* Most of RAM: all but metadata (the bitmap alone is 1/16 on 32-bit)
	 * and, at debug level 2, red zones and trailers. */
	KTEST_EXPECT_GE(t, bytes, (mheap.total_pages << PAGE_SHIFT) / 5 * 4);
	free_chain(t, chain);
	mm_drain();
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	mt_snapshot(&after_first);
	/* Every page back, except the arena metadata the fill created. */
	MT_EXPECT_PAGES_BACK(t, &base);
	/* A second fill finds every arena grown: every page comes back
	 * again, less only span-struct chunks a different layout needed. */
	chain = fill_heap(&bytes, &count);
	free_chain(t, chain);
	mm_drain();
	grown = MT_EXPECT_PAGES_BACK(t, &after_first);
	KTEST_EXPECT_LE(t, grown, 4 * 4096);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

/*
 * Span structs are never given back, but no more are made once the pool
 * holds what the heap's busiest layout needs (issue 15: metadata kept
 * growing over rounds of exhaustion and mm_drain()). The first fill
 * settles the layout; later identical fills then make none, and the
 * count stays within its bound (mheap.span_structs).
 */
static void stress_span_structs_settle(struct ktest *t)
{
	size_t made = 0, bytes;
	unsigned long count;

	for (int round = 0; round < 3; round++) {
		KTEST_EXPECT_EQ(t, free_chain(t, fill_heap(&bytes, &count)), 0);
		mm_drain();
		if (round == 1)
			made = mheap.span_structs;
		else if (round > 1)
			KTEST_EXPECT_EQ(t, mheap.span_structs, made);
	}
	KTEST_EXPECT_LE(t, mheap.span_structs, mheap.total_pages + 2);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	ktest_log(t, "%zu span structs for %zu pages", mheap.span_structs,
		  mheap.total_pages);
}

/*
 * Out of pages, a kmalloc of a class size may take an object of a larger
 * class (ksize() says so); a kmem_cache never does: its objects are of
 * its class, or NULL. Above 1 KiB too, where kmalloc takes the second
 * part of its size table (the fuzzer found a cache given a 1,408 B object
 * for 256 B). Class L, the largest with two objects a span, has one free
 * slot below a live one (no tail to trim); class S, below it, has none,
 * and no page is free.
 */
static void stress_only_kmalloc_borrows(struct ktest *t)
{
	unsigned int l = 0, sc = 0;
	struct kmem_cache *cache;
	void **chain, **objs = NULL, *a, *b, *p;
	unsigned long count;
	size_t bytes;

	if (tiny_active) {	/* kmalloc's sizes above 1 KiB are tiny's */
		ktest_skip(t, "a tiny heap serves these sizes");
		return;
	}
	if (MM_DEBUG_REDZONES) {	/* a trailer moves every size up */
		ktest_skip(t, "red zones: nothing borrows");
		return;
	}
	for (unsigned int c = 1; c < sizeclass_count; c++)
		if (sizeclass_size(c) > SC_LUT8_MAX && sizeclass_nobjs(c) >= 2)
			l = c;
	for (unsigned int c = 1; c < l; c++)
		if (sizeclass_size(c) > SC_LUT8_MAX &&
		    !is_power_of_2(sizeclass_size(c)))
			sc = c;
	if (!sc) {
		ktest_skip(t, "no two classes above 1 KiB");
		return;
	}
	cache = kmem_cache_create("s", sizeclass_size(sc), 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(t, cache);
	mm_drain();
	/* Two objects of one span, the lower to free: the span then keeps
	 * a live object above the free slot. Earlier tests may have left a
	 * span with one slot free: those pairs wait on @chain. */
	chain = NULL;
	for (;;) {
		a = kmalloc(sizeclass_size(l), GFP_KERNEL);
		b = kmalloc(sizeclass_size(l), GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, a);
		KTEST_ASSERT_NOT_NULL(t, b);
		if (a < b &&
		    span_of((uintptr_t)a, NULL) == span_of((uintptr_t)b, NULL))
			break;
		*(void **)a = b;
		*(void **)b = chain;
		chain = a;
	}
	while (chain) {
		void **next = *(void ***)*chain;

		kfree(*chain);
		kfree(chain);
		chain = next;
	}
	chain = fill_heap(&bytes, &count);
	while ((p = kmem_cache_alloc(cache, GFP_KERNEL))) {
		*(void **)p = objs;
		objs = p;
	}
	kfree(a);
	p = kmem_cache_alloc(cache, GFP_KERNEL);
	if (p)
		KTEST_FAIL(t, "cache of %zu B: %p of %zu B when out of pages",
			   sizeclass_size(sc), p, ksize(p));
	/* kmalloc() may take a's slot: at debug levels >= 2 it borrows
	 * nothing either. */
	p = kmalloc(sizeclass_size(sc), GFP_KERNEL);
	if (CONFIG_MM_DEBUG_LEVEL < 2) {
		KTEST_EXPECT_NOT_NULL(t, p);
		if (p)
			KTEST_EXPECT_GT(t, ksize(p), sizeclass_size(sc));
	}
	kfree(p);
	kfree(b);
	while (objs) {
		void **next = *objs;

		kmem_cache_free(cache, objs);
		objs = next;
	}
	KTEST_EXPECT_EQ(t, free_chain(t, chain), 0);
	kmem_cache_destroy(cache);
	mm_drain();
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

struct xcpu {
	void **row[8];		/* row[cpu]: that CPU's objects */
	unsigned int n;
	unsigned long bad;
};

#define XCPU_OBJS 256

static void xcpu_alloc(void *arg)
{
	struct xcpu *x = arg;
	unsigned int cpu = arch_cpu_id();
	struct mt_rng r = { 0x1234 + cpu };
	void **row = kmalloc(XCPU_OBJS * sizeof(void *), GFP_KERNEL);

	x->row[cpu] = row;
	for (unsigned int i = 0; row && i < XCPU_OBJS; i++) {
		size_t n = 8 + mt_below(&r, 3000);

		row[i] = kmalloc(n, GFP_KERNEL);
		if (row[i])
			mt_fill(row[i], n, cpu);
	}
}

static void xcpu_free_neighbour(void *arg)
{
	struct xcpu *x = arg;
	unsigned int cpu = arch_cpu_id(), from = (cpu + 1) % x->n;
	void **row = x->row[from];

	for (unsigned int i = 0; row && i < XCPU_OBJS; i++) {
		if (row[i] && !mt_check(row[i], sizeof(uintptr_t), from))
			__atomic_fetch_add(&x->bad, 1, __ATOMIC_RELAXED);
		kfree(row[i]);
	}
}

static void xcpu_drain(void *arg)
{
	(void)arg;
	mm_drain();
}

/* Every CPU allocates; then each frees its neighbour's objects. */
static void stress_cross_cpu_frees(struct ktest *t)
{
	struct xcpu x = { .n = smp_num_online() };
	struct mt_snap before;

	if (x.n > ARRAY_SIZE(x.row)) {
		ktest_skip(t, "more CPUs than the test tracks");
		return;
	}
	smp_call_on_each_cpu(xcpu_drain, NULL);
	mt_snapshot(&before);
	smp_call_on_each_cpu(xcpu_alloc, &x);
	for (unsigned int c = 0; c < x.n; c++)
		KTEST_ASSERT_NOT_NULL(t, x.row[c]);
	smp_call_on_each_cpu(xcpu_free_neighbour, &x);
	for (unsigned int c = 0; c < x.n; c++)
		kfree(x.row[c]);
	smp_call_on_each_cpu(xcpu_drain, NULL);
	KTEST_EXPECT_EQ(t, x.bad, 0);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	MT_EXPECT_SAME_HEAP(t, &before);
	ktest_log(t, "%u CPUs x %u objects freed by a neighbour CPU", x.n,
		  XCPU_OBJS);
}

static const struct ktest_case stress_cases[] = {
	KTEST_CASE(stress_random_live_set),
	KTEST_CASE(stress_cross_cpu_frees),
	KTEST_CASE(stress_exhaust_and_recover),
	KTEST_CASE(stress_span_structs_settle),
	KTEST_CASE(stress_only_kmalloc_borrows),
};
KTEST_SUITE(mm_stress, stress_cases);
