// SPDX-License-Identifier: MIT
/*
 * Built without the heap bitmap: the typed and scan API says it is not
 * there, everything else works, and arena metadata is only the page map.
 */
#include "mmtest.h"

static const unsigned long mask[1] = { 1 };
static const struct mm_type one_ptr = { "one_ptr", sizeof(void *), mask };

static void nobitmap_api_unavailable(struct ktest *t)
{
	struct mm_object o;
	void *p = kmalloc(32, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_NULL(t, kmalloc_typed(&one_ptr, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kmalloc_array_typed(&one_ptr, 4, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kmalloc_collected(32, NULL, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kmem_cache_create_typed("t", &one_ptr, 0, NULL));
	KTEST_EXPECT_EQ(t, mm_find_object(p, &o), -EOPNOTSUPP);
	KTEST_EXPECT_EQ(t, mm_register_root(&p, sizeof(p)), -EOPNOTSUPP);
	KTEST_EXPECT_EQ(t, mm_scan_leaks(0, NULL, NULL), -EOPNOTSUPP);
	KTEST_EXPECT_EQ(t, mm_gc(0), -EOPNOTSUPP);
	kfree(p);
}

/* Metadata per backed page: one span pointer and one state byte. */
static void nobitmap_metadata_is_the_page_map(struct ktest *t)
{
	size_t n = 1024;
	size_t per_page = (arena_meta_bytes(2 * n) - arena_meta_bytes(n)) / n;

	KTEST_EXPECT_EQ(t, per_page, sizeof(struct span *) + 1);
	ktest_log(t, "arena metadata: %zu B per backed page", per_page);
}

static const struct ktest_case nobitmap_cases[] = {
	KTEST_CASE(nobitmap_api_unavailable),
	KTEST_CASE(nobitmap_metadata_is_the_page_map),
};
KTEST_SUITE(mm_nobitmap, nobitmap_cases);
