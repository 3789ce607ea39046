// SPDX-License-Identifier: MIT
/*
 * Freed large runs kept for reuse (mm/large.c): the next request they fit
 * gets the same pages, as many as large_pages() gives it (a quarter step
 * of its power of two on a heap of over 1 MiB); a kept run is no
 * object (its free is a double free, ksize says 0); at most
 * LARGE_CACHE_KEEP runs of at most LARGE_CACHE_PAGES are kept, holding at
 * most large_cache_budget() pages, counted in cached_bytes, and mm_drain()
 * gives every one back.
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

/* Runs of @pages pages the heap keeps at most. */
static size_t kept_max(size_t pages)
{
	return min((size_t)LARGE_CACHE_KEEP, large_cache_budget() / pages);
}

/* With pages of 16 KiB or more no large object is small enough to keep;
 * a small heap may have no room to keep one of @pages. */
static bool nothing_kept(struct ktest *t, size_t pages)
{
	if (LARGE_CACHE_PAGES > FIRST_LARGE_PAGES && kept_max(pages))
		return false;
	ktest_skip(t, "no large object of these pages is kept here");
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

	if (nothing_kept(t, pages))
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
	size_t pages = large_pages(large_bytes(FIRST_LARGE_PAGES + 1));
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

/* kmalloc() gives a large object its class's pages: no fewer than asked
 * for, at most a quarter more when it may be kept on a heap of over
 * 1 MiB; ksize() says all of them, and krealloc() within them keeps it. */
static void large_object_gets_its_class_pages(struct ktest *t)
{
	size_t last = min(2 * LARGE_CACHE_PAGES, mheap.total_pages / 4);

	if (last < FIRST_LARGE_PAGES) {
		ktest_skip(t, "the heap is too small for large objects");
		return;
	}
	for (size_t n = FIRST_LARGE_PAGES; n <= last; n++) {
		size_t got = large_pages(large_bytes(n) + dbg_extra());
		bool rounds = LARGE_CACHE_KEEP && large_classes_on() &&
			      n <= LARGE_CACHE_PAGES;
		char *p = kmalloc(large_bytes(n), GFP_KERNEL), *q;

		if (!KTEST_EXPECT_NOT_NULL(t, p))
			return;
		KTEST_EXPECT_GE(t, got, n);
		KTEST_EXPECT_LE(t, got, rounds ? n + n / 4 : n);
		KTEST_EXPECT_EQ(t, span_pages(p), got);
		if (!MM_DEBUG_REDZONES) { /* the trailer keeps the size asked */
			KTEST_EXPECT_EQ(t, ksize(p), got * PAGE_SIZE);
			q = krealloc(p, got * PAGE_SIZE, GFP_KERNEL);
			KTEST_EXPECT_TRUE(t, q == p);
			p = q ? q : p;
		}
		kfree(p);
	}
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	mm_drain();
}

/* A run up to half as big again serves, and gives its spare pages back:
 * an object always has its class's pages. */
static void large_spare_pages_go_back(struct ktest *t)
{
	size_t big = LARGE_CACHE_PAGES,
	       less = large_pages(large_bytes(big * 3 / 4));
	char *p = kept_run(t, big), *q;
	struct span *s;
	u8 st;

	if (!p)
		return;
	q = kmalloc(large_bytes(less), GFP_KERNEL);
	KTEST_EXPECT_TRUE(t, q == p);
	KTEST_EXPECT_EQ(t, span_pages(q), less);
	KTEST_EXPECT_TRUE(
		t, pfn_lookup(addr_to_pfn((uintptr_t)q) + less, &st, &s) &&
			   st == PG_FREE);
	kfree(q);
	/* A run more than half too big stays kept for another. */
	p = kept_run(t, big);
	if (!p)
		return;
	q = kmalloc(large_bytes(FIRST_LARGE_PAGES), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT_TRUE(t, q != p);
	KTEST_EXPECT_EQ(t, span_pages(q),
			large_pages(large_bytes(FIRST_LARGE_PAGES)));
	KTEST_EXPECT_EQ(t, cached_bytes(), big * PAGE_SIZE);
	kfree(q);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	mm_drain();
}

static void large_kept_run_is_not_an_object(struct ktest *t)
{
	char *p = kept_run(t, large_pages(large_bytes(FIRST_LARGE_PAGES)));
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

/* At most LARGE_CACHE_KEEP runs in large_cache_budget() pages, none
 * above LARGE_CACHE_PAGES; every one goes back with mm_drain(). */
static void large_kept_runs_are_bounded(struct ktest *t)
{
	size_t pages = large_pages(large_bytes(FIRST_LARGE_PAGES)), n, keep;
	struct mt_snap before;
	void *list = NULL, *p, *big;

	if (nothing_kept(t, pages))
		return;
	keep = kept_max(pages);
	n = keep + 3;
	mm_drain();
	mt_snapshot(&before);
	for (size_t i = 0; i < n; i++) {
		p = kmalloc(large_bytes(pages), GFP_KERNEL);
		if (!p) {
			ktest_skip(t, "the runs do not fit in the heap");
			goto out;
		}
		mt_push(&list, p);
	}
	big = kmalloc(large_bytes(LARGE_CACHE_PAGES + 1), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, big);
	mt_kfree_list(list);
	list = NULL;
	KTEST_EXPECT_EQ(t, cached_bytes(), keep * pages * PAGE_SIZE);
	kfree(big); /* too big to keep */
	KTEST_EXPECT_EQ(t, cached_bytes(), keep * pages * PAGE_SIZE);
	KTEST_EXPECT_LE(t, cached_bytes() >> PAGE_SHIFT, large_cache_budget());
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	ktest_log(t, "%zu runs of %zu pages freed, %zu KiB kept", n, pages,
		  cached_bytes() >> 10);
out:
	mt_kfree_list(list);
	mm_drain();
	KTEST_EXPECT_EQ(t, cached_bytes(), 0);
	MT_EXPECT_SAME_HEAP(t, &before);
}

/* Kept runs never cause an out-of-memory: once the heap is full, a
 * request that needs their pages gets them. */
static void large_kept_runs_give_way(struct ktest *t)
{
	size_t pages = large_pages(large_bytes(FIRST_LARGE_PAGES)), singles = 0;
	size_t keep;
	void *list = NULL, *kept = NULL, *p;

	if (nothing_kept(t, pages))
		return;
	keep = kept_max(pages);
	mm_drain();
	for (size_t i = 0; i < keep; i++) {
		p = kmalloc(large_bytes(pages), GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, p);
		mt_push(&kept, p);
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
	mt_kfree_list(kept);
	KTEST_EXPECT_EQ(t, cached_bytes(), keep * pages * PAGE_SIZE);
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
		  "heap full but for %zu kept runs of %zu pages; %zu single "
		  "pages more were had",
		  keep, pages, singles);
	mt_kfree_list(list);
	mm_drain();
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

static const struct ktest_case large_cases[] = {
	KTEST_CASE(large_freed_run_is_reused),
	KTEST_CASE(large_object_gets_its_class_pages),
	KTEST_CASE(large_spare_pages_go_back),
	KTEST_CASE(large_kept_run_is_not_an_object),
	KTEST_CASE(large_kept_runs_are_bounded),
	KTEST_CASE(large_kept_runs_give_way),
};

KTEST_SUITE(mm_large, large_cases);
