// SPDX-License-Identifier: MIT
/*
 * The bad-free catalogue: every kfree of something that is not a live
 * object start is reported once and leaves the heap exactly as it was
 * (same page totals, mm_validate clean), including a double free raced
 * from every CPU at once.
 */
#include <baremm/smp.h>
#include "mmtest.h"

static int not_heap_global = 42;

static void badfree_outside_heap(struct ktest *t)
{
	int on_stack = 1;

	mt_expect_rejected(t, &not_heap_global, "global");
	mt_expect_rejected(t, &on_stack, "stack");
	mt_expect_rejected(t, (void *)badfree_outside_heap, "code");
	mt_expect_rejected(t, (void *)(uintptr_t)PAGE_SIZE, "low address");
	mt_expect_rejected(t, (void *)~(uintptr_t)0xfff, "top of address space");
}

static void badfree_interior_and_double(struct ktest *t)
{
	char *small = kmalloc(64, GFP_KERNEL);
	char *large = kmalloc(3 * PAGE_SIZE * 8 + 5, GFP_KERNEL);
	char *keep = kmalloc(64, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, small);
	KTEST_ASSERT_NOT_NULL(t, large);
	KTEST_ASSERT_NOT_NULL(t, keep);
	mt_fill(keep, 64, 7);
	mt_expect_rejected(t, small + 8, "inside a small object");
	mt_expect_rejected(t, small + 1, "unaligned inside a small object");
	mt_expect_rejected(t, large + PAGE_SIZE, "inside a large object");
	mt_expect_rejected(t, large + 16, "inside a large object's first page");
	kfree(small);
	mt_expect_rejected(t, small, "small double free");
	kfree(large);
	mt_expect_rejected(t, large, "large double free");
	/* The neighbour object is untouched by all of it. */
	KTEST_EXPECT_TRUE(t, mt_check(keep, 64, 7));
	kfree(keep);
}

static void badfree_metadata_and_free_pages(struct ktest *t)
{
	void *p = kmalloc(64, GFP_KERNEL);
	struct heap_arena *a = arena_of((uintptr_t)p);
	void *run;

	KTEST_ASSERT_NOT_NULL(t, a);
	mt_expect_rejected(t, a, "arena metadata");
	mt_expect_rejected(t, a->spans, "page map");
	run = alloc_pages_exact(2 * PAGE_SIZE, 0);
	KTEST_ASSERT_NOT_NULL(t, run);
	free_pages_exact(run, 2 * PAGE_SIZE);
	mt_expect_rejected(t, run, "free pages");
	mt_expect_rejected(t, (char *)run + PAGE_SIZE, "inside free pages");
	kfree(p);
}

/*
 * A page that went back keeps its old span pointer, and the struct may
 * soon serve a small span elsewhere (issue 12: a one-CPU 32-bit kfree
 * does not read the page's state, it trusts the span's own range test).
 * Freed pages in the middle of a free run are given such a pointer, to a
 * live small span, as the allocator leaves them: frees there are
 * rejected, and the span's own object stays allocated.
 */
static void badfree_page_of_a_gone_span(struct ktest *t)
{
	char *q = kmalloc(64, GFP_KERNEL), *run;
	struct heap_arena *a;
	struct span *live, *saved;
	long i, mid;

	KTEST_ASSERT_NOT_NULL(t, q);
	mt_fill(q, 64, 3);
	a = arena_of((uintptr_t)q);
	KTEST_ASSERT_NOT_NULL(t, a);
	i = arena_page(a, addr_to_pfn((uintptr_t)q));
	live = a->spans[i];
	KTEST_ASSERT_TRUE(t, a->state[i] == PG_SPAN && live->state == SPAN_SMALL);
	run = alloc_pages_exact(3 * PAGE_SIZE, 0);
	KTEST_ASSERT_NOT_NULL(t, run);
	free_pages_exact(run, 3 * PAGE_SIZE);
	mm_drain();	/* a kept run goes back to the page allocator */
	if (arena_of((uintptr_t)run) != a) {
		ktest_skip(t, "the run is in another arena");
		kfree(q);
		return;
	}
	mid = arena_page(a, addr_to_pfn((uintptr_t)run) + 1);
	KTEST_ASSERT_EQ(t, a->state[mid], PG_FREE);
	saved = a->spans[mid];
	a->spans[mid] = live;
	mt_expect_rejected(t, run + PAGE_SIZE, "page of a gone span");
	mt_expect_rejected(t, run + PAGE_SIZE + sizeclass_size(live->sizeclass),
			"object-sized step into a page of a gone span");
	a->spans[mid] = saved;
	KTEST_EXPECT_TRUE(t, mt_check(q, 64, 3));
	KTEST_EXPECT_TRUE(t, span_obj_allocated(live, span_obj_index(live,
				(uintptr_t)q)));
	kfree(q);
}

static void badfree_cache_and_sizes(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("badfree", 40, 0, 0, NULL);
	void *obj, *other = kmalloc(2000, GFP_KERNEL), *pages;
	struct mt_snap before, after;

	KTEST_ASSERT_NOT_NULL(t, c);
	obj = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, obj);
	mt_snapshot(&before);
	kmem_cache_free(c, other);	/* not from this cache */
	pages = alloc_pages_exact(3 * PAGE_SIZE, 0);
	free_pages_exact(pages, PAGE_SIZE);	/* wrong size */
	mt_snapshot(&after);
	KTEST_EXPECT_EQ(t, after.bad_frees, before.bad_frees + 2);
	free_pages_exact(pages, 3 * PAGE_SIZE);
	kmem_cache_free(c, obj);
	kfree(other);
	kmem_cache_destroy(c);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

struct race {
	void *victim;
	unsigned int ready, go;
	unsigned long fails;	/* frees reported */
};

static void race_free(void *arg)
{
	struct race *r = arg;

	__atomic_fetch_add(&r->ready, 1, __ATOMIC_ACQ_REL);
	while (!__atomic_load_n(&r->go, __ATOMIC_ACQUIRE))
		arch_cpu_relax();
	if (kfree_caller(r->victim, caller_address()))
		__atomic_fetch_add(&r->fails, 1, __ATOMIC_RELAXED);
}

static void race_start(void *arg)
{
	struct race *r = arg;

	if (arch_cpu_id() == 0) {
		while (__atomic_load_n(&r->ready, __ATOMIC_ACQUIRE) <
		       smp_num_online() - 1)
			arch_cpu_relax();
		__atomic_store_n(&r->go, 1, __ATOMIC_RELEASE);
	}
	race_free(arg);
}

/* Every CPU frees the same object at the same moment: one wins. */
static void badfree_double_from_all_cpus(struct ktest *t)
{
	static const size_t sizes[] = { 24, 512, 5 * 4096 * 8 };

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		struct race r = { .victim = kmalloc(sizes[i], GFP_KERNEL) };
		unsigned int n = smp_num_online();

		KTEST_ASSERT_NOT_NULL(t, r.victim);
		smp_call_on_each_cpu(race_start, &r);
		KTEST_EXPECT_EQ(t, r.fails, n - 1);
		KTEST_EXPECT_EQ(t, mm_validate(), 0);
		ktest_log(t, "%zu B object freed by %u CPUs at once: %lu "
			  "reported", sizes[i], n, r.fails);
	}
}

static const struct ktest_case badfree_cases[] = {
	KTEST_CASE(badfree_outside_heap),
	KTEST_CASE(badfree_interior_and_double),
	KTEST_CASE(badfree_metadata_and_free_pages),
	KTEST_CASE(badfree_page_of_a_gone_span),
	KTEST_CASE(badfree_cache_and_sizes),
	KTEST_CASE(badfree_double_from_all_cpus),
};
KTEST_SUITE(mm_badfree, badfree_cases);
