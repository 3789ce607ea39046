// SPDX-License-Identifier: MIT
/*
 * Freed large runs kept for reuse (mm/large.c): the next request they fit
 * gets the same pages, exactly as many as it asked for; a kept run is no
 * object (its free is a double free, ksize says 0); at most
 * LARGE_CACHE_KEEP runs of at most LARGE_CACHE_PAGES are kept, counted in
 * cached_bytes, and mm_drain() gives every one back.
 */
#include "mmtest.h"

static size_t cached_bytes(void)
{
	struct mm_stats st;

	mm_get_stats(&st);
	return st.cached_bytes;
}

/* Pages above the largest size class: the smallest large object. */
#define FIRST_LARGE_PAGES (SC_MAX_SMALL_SIZE / PAGE_SIZE + 1)

/* A request for a large object of @pages pages: no power of two (no
 * alignment beyond a page) and room left for a red zone. */
static size_t large_bytes(size_t pages)
{
	return pages * PAGE_SIZE - PAGE_SIZE / 2;
}

/* With pages of 16 KiB or more no large object is small enough to keep. */
static bool nothing_kept(struct ktest *t)
{
	if (LARGE_CACHE_PAGES > FIRST_LARGE_PAGES)
		return false;
	ktest_skip(t, "no large object is small enough to be kept");
	return true;
}

/* Pages of the span at @p, whatever its state; 0 if none. */
static size_t span_pages(const void *p)
{
	struct span *s;
	u8 st;

	if (!pfn_lookup(addr_to_pfn((uintptr_t)p), &st, &s) || st != PG_SPAN)
		return 0;
	return s->npages;
}

/* The address of a large object of @pages pages just freed, its run the
 * only one kept; NULL (the case skipped or failed) if there is none. */
static char *kept_run(struct ktest *t, size_t pages)
{
	char *p;

	if (nothing_kept(t))
		return NULL;
	mm_drain();
	p = kmalloc(large_bytes(pages), GFP_KERNEL);
	if (!KTEST_EXPECT_NOT_NULL(t, p))
		return NULL;
	kfree(p);
	return p;
}

static void large_freed_run_is_reused(struct ktest *t)
{
	size_t pages = FIRST_LARGE_PAGES + 1;
	char *p = kept_run(t, pages), *q;

	if (!p)
		return;
	KTEST_EXPECT_EQ(t, cached_bytes(), pages * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, ksize(p), 0); /* a kept run holds no object */
	q = kmalloc(large_bytes(pages), GFP_KERNEL);
	KTEST_EXPECT_TRUE(t, q == p);
	KTEST_EXPECT_EQ(t, span_pages(q), pages);
	KTEST_EXPECT_EQ(t, cached_bytes(), 0);
	kfree(q);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	mm_drain();
}

/* A run up to an eighth too big serves, and gives its spare pages back:
 * an object always has the pages it asked for. */
static void large_spare_pages_go_back(struct ktest *t)
{
	size_t big = LARGE_CACHE_PAGES, less = big;
	char *p = kept_run(t, big), *q;
	struct span *s;
	u8 st;

	if (!p)
		return;
	/* The smallest request the run serves: spare pages <= request / 8. */
	while (big - (less - 1) <= (less - 1) / 8)
		less--;
	q = kmalloc(large_bytes(less), GFP_KERNEL);
	KTEST_EXPECT_TRUE(t, q == p);
	KTEST_EXPECT_EQ(t, span_pages(q), less);
	KTEST_EXPECT_TRUE(
		t, pfn_lookup(addr_to_pfn((uintptr_t)q) + less, &st, &s) &&
			   st == PG_FREE);
	kfree(q);
	/* A run more than an eighth too big stays kept for another. */
	p = kept_run(t, big);
	if (!p)
		return;
	q = kmalloc(large_bytes(FIRST_LARGE_PAGES), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT_TRUE(t, q != p);
	KTEST_EXPECT_EQ(t, span_pages(q), FIRST_LARGE_PAGES);
	KTEST_EXPECT_EQ(t, cached_bytes(), big * PAGE_SIZE);
	kfree(q);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	mm_drain();
}

static void large_kept_run_is_not_an_object(struct ktest *t)
{
	char *p = kept_run(t, FIRST_LARGE_PAGES);
	struct mm_stats before, after;

	if (!p)
		return;
	mm_get_stats(&before);
	kfree(p); /* reported, nothing moves */
	kfree(p + PAGE_SIZE);
	KTEST_EXPECT_NULL(t, krealloc(p, 10, GFP_KERNEL));
	mm_get_stats(&after);
	KTEST_EXPECT_EQ(t, after.bad_frees, before.bad_frees + 3);
	KTEST_EXPECT_EQ(t, after.cached_bytes, before.cached_bytes);
	KTEST_EXPECT_EQ(t, after.used_bytes, before.used_bytes);
	KTEST_EXPECT_EQ(t, after.free_bytes, before.free_bytes);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	mm_drain();
}

/* At most LARGE_CACHE_KEEP runs, none above LARGE_CACHE_PAGES; every one
 * goes back with mm_drain(). */
static void large_kept_runs_are_bounded(struct ktest *t)
{
	enum { N = LARGE_CACHE_KEEP + 3 };
	size_t pages = FIRST_LARGE_PAGES;
	struct mt_snap before;
	char *p[N], *big;

	if (nothing_kept(t))
		return;

	mm_drain();
	mt_snapshot(&before);
	for (int i = 0; i < N; i++) {
		p[i] = kmalloc(large_bytes(pages), GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, p[i]);
	}
	big = kmalloc(large_bytes(LARGE_CACHE_PAGES + 1), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, big);
	for (int i = 0; i < N; i++)
		kfree(p[i]);
	KTEST_EXPECT_EQ(t, cached_bytes(),
			LARGE_CACHE_KEEP * pages * PAGE_SIZE);
	kfree(big); /* too big to keep */
	KTEST_EXPECT_EQ(t, cached_bytes(),
			LARGE_CACHE_KEEP * pages * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	ktest_log(t, "%d runs of %zu pages freed, %zu KiB kept", N, pages,
		  cached_bytes() >> 10);
	mm_drain();
	KTEST_EXPECT_EQ(t, cached_bytes(), 0);
	MT_EXPECT_SAME_HEAP(t, &before);
}

/* Kept runs never cause an out-of-memory: once the heap is full, a
 * request that needs their pages gets them. */
static void large_kept_runs_give_way(struct ktest *t)
{
	size_t pages = FIRST_LARGE_PAGES, singles = 0;
	void *list = NULL, *p, *kept[LARGE_CACHE_KEEP];

	if (nothing_kept(t))
		return;

	mm_drain();
	for (int i = 0; i < LARGE_CACHE_KEEP; i++) {
		kept[i] = kmalloc(large_bytes(pages), GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, kept[i]);
	}
	/* Fill the rest of the heap, in halving blocks down to a page. */
	for (size_t sz = (mheap.total_pages << PAGE_SHIFT) / 64;
	     sz >= PAGE_SIZE;) {
		p = kmalloc(sz, GFP_KERNEL);
		if (!p)
			sz /= 2;
		else
			mt_push(&list, p);
	}
	for (int i = 0; i < LARGE_CACHE_KEEP; i++)
		kfree(kept[i]);
	KTEST_EXPECT_EQ(t, cached_bytes(),
			LARGE_CACHE_KEEP * pages * PAGE_SIZE);
	/* Single pages until the kept runs had to give way: none fails.
	 * (The count, not cached_bytes(): mm_get_stats() walks the heap.) */
	while (mheap.large_cached && singles <= mheap.total_pages) {
		p = alloc_pages_exact(PAGE_SIZE, 0);
		if (!KTEST_EXPECT_NOT_NULL(t, p))
			break;
		mt_push(&list, p);
		singles++;
	}
	KTEST_EXPECT_EQ(t, cached_bytes(), 0);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	ktest_log(t,
		  "heap full but for %d kept runs of %zu pages; %zu single "
		  "pages more were had",
		  LARGE_CACHE_KEEP, pages, singles);
	mt_kfree_list(list);
	mm_drain();
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

static const struct ktest_case large_cases[] = {
	KTEST_CASE(large_freed_run_is_reused),
	KTEST_CASE(large_spare_pages_go_back),
	KTEST_CASE(large_kept_run_is_not_an_object),
	KTEST_CASE(large_kept_runs_are_bounded),
	KTEST_CASE(large_kept_runs_give_way),
};

KTEST_SUITE(mm_large, large_cases);
