// SPDX-License-Identifier: MIT
/* kmem_cache: geometry, constructors, alignment, large caches, destroy. */
#include "mmtest.h"

static unsigned int ctor_calls;

static void count_ctor(void *obj)
{
	ctor_calls++;
	memset(obj, 0x77, 8);
}

static void slab_alloc_free_ctor(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("test_obj", 72, 0, 0,
						 count_ctor);
	void *obj[100];

	KTEST_ASSERT_NOT_NULL(t, c);
	ctor_calls = 0;
	for (int i = 0; i < 100; i++) {
		obj[i] = kmem_cache_alloc(c, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, obj[i]);
		KTEST_EXPECT_NULL(t, memchr_inv(obj[i], 0x77, 8));
		KTEST_EXPECT_GE(t, ksize(obj[i]), 72);
	}
	KTEST_EXPECT_EQ(t, ctor_calls, 100);
	for (int i = 0; i < 100; i++)
		kmem_cache_free(c, obj[i]);
	kmem_cache_destroy(c);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

static void slab_alignment_and_large(struct ktest *t)
{
	static const size_t aligns[] = { 0, 8, 64, 256, 4096, 65536 };
	static const size_t sizes[] = { 1, 40, 600, 40000 };

	for (unsigned int a = 0; a < ARRAY_SIZE(aligns); a++) {
		for (unsigned int s = 0; s < ARRAY_SIZE(sizes); s++) {
			struct kmem_cache *c = kmem_cache_create(
				"aligned", sizes[s], aligns[a], 0, NULL);
			void *p, *q;

			KTEST_ASSERT_NOT_NULL(t, c);
			p = kmem_cache_alloc(c, __GFP_ZERO);
			q = kmem_cache_alloc(c, GFP_KERNEL);
			KTEST_ASSERT_NOT_NULL(t, p);
			KTEST_ASSERT_NOT_NULL(t, q);
			KTEST_EXPECT_TRUE(t, p != q);
			if (!IS_ALIGNED((uintptr_t)p, max(aligns[a], MM_MIN_ALIGN)))
				KTEST_FAIL(t, "cache(%zu, %zu): %p", sizes[s],
					   aligns[a], p);
			KTEST_EXPECT_NULL(t, memchr_inv(p, 0, sizes[s]));
			kmem_cache_free(c, p);
			kmem_cache_free(c, q);
			kmem_cache_destroy(c);
		}
	}
	KTEST_EXPECT_NULL(t, kmem_cache_create("bad", 0, 0, 0, NULL));
	KTEST_EXPECT_NULL(t, kmem_cache_create("bad", 8, 3, 0, NULL));
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

/* Destroying a cache with live objects warns; the objects stay valid. */
static void slab_destroy_with_live_objects(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("leaky", 24, 0, 0, NULL);
	struct mt_snap before, after;
	void *p;

	KTEST_ASSERT_NOT_NULL(t, c);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	mt_fill(p, 24, 3);
	mt_snapshot(&before);
	kmem_cache_destroy(c);
	mt_snapshot(&after);
	KTEST_EXPECT_EQ(t, after.bad_frees, before.bad_frees);
	KTEST_EXPECT_TRUE(t, mt_check(p, 24, 3));
	kfree(p);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

/*
 * A second destroy is reported and ignored, as a double kfree is: the
 * cache pool is not made to point at itself, so two creates still get two
 * caches, each with its own geometry (issue 15, D4).
 */
static void slab_destroy_twice(struct ktest *t)
{
	struct kmem_cache *c = kmem_cache_create("twice", 64, 0, 0, NULL);
	struct kmem_cache *x, *y;
	struct mt_snap before, after;
	void *p, *q;

	KTEST_ASSERT_NOT_NULL(t, c);
	kmem_cache_destroy(c);
	mt_snapshot(&before);
	kmem_cache_destroy(c);
	mt_snapshot(&after);
	KTEST_EXPECT_EQ(t, after.bad_frees, before.bad_frees + 1);
	x = kmem_cache_create("x", 64, 0, 0, NULL);
	y = kmem_cache_create("y", 4000, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(t, x);
	KTEST_ASSERT_NOT_NULL(t, y);
	KTEST_EXPECT_NE(t, (uintptr_t)x, (uintptr_t)y);
	p = kmem_cache_alloc(x, GFP_KERNEL);
	q = kmem_cache_alloc(y, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT_LT(t, ksize(p), 4000);
	KTEST_EXPECT_GE(t, ksize(q), 4000);
	kmem_cache_free(x, p);
	kmem_cache_free(y, q);
	kmem_cache_destroy(x);
	kmem_cache_destroy(y);
	mt_snapshot(&before);
	KTEST_EXPECT_EQ(t, before.bad_frees, after.bad_frees);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

/*
 * kmem_cache_free() to a cache of the same geometry that has no live
 * object is reported and ignored: the object stays allocated and intact,
 * and the cache's count does not wrap below zero.
 */
static void slab_free_to_twin_cache(struct ktest *t)
{
	struct kmem_cache *c1 = kmem_cache_create("c1", 64, 0, 0, NULL);
	struct kmem_cache *c2 = kmem_cache_create("c2", 64, 0, 0, NULL);
	struct mt_snap before, after;
	void *p, *q;

	KTEST_ASSERT_NOT_NULL(t, c1);
	KTEST_ASSERT_NOT_NULL(t, c2);
	p = kmem_cache_alloc(c1, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	mt_fill(p, 64, 5);
	mt_snapshot(&before);
	kmem_cache_free(c2, p);
	mt_snapshot(&after);
	KTEST_EXPECT_EQ(t, after.bad_frees, before.bad_frees + 1);
	KTEST_EXPECT_GE(t, ksize(p), 64);
	KTEST_EXPECT_TRUE(t, mt_check(p, 64, 5));
	/* c2 still works, and c1 still owns p. */
	q = kmem_cache_alloc(c2, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, q);
	kmem_cache_free(c2, q);
	kmem_cache_free(c1, p);
	kmem_cache_destroy(c2);
	kmem_cache_destroy(c1);
	mt_snapshot(&before);
	KTEST_EXPECT_EQ(t, before.bad_frees, after.bad_frees);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

/*
 * Debug level 2 and up: an object freed to a twin cache (same geometry)
 * that has live objects of its own is caught too, by the cache recorded
 * in the object's trailer. Below that level caches are views of their
 * size class and the object cannot say (docs/robustness.md, D4).
 */
static void slab_free_to_busy_twin_cache(struct ktest *t)
{
	struct kmem_cache *c1, *c2;
	struct mt_snap before, after;
	void *p, *q;

	if (!MM_DEBUG_REDZONES) {
		ktest_skip(t, "needs debug level 2 (the object's trailer)");
		return;
	}
	c1 = kmem_cache_create("c1", 96, 0, 0, NULL);
	c2 = kmem_cache_create("c2", 96, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(t, c1);
	KTEST_ASSERT_NOT_NULL(t, c2);
	p = kmem_cache_alloc(c1, GFP_KERNEL);
	q = kmem_cache_alloc(c2, GFP_KERNEL);	/* c2 has one of its own */
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_ASSERT_NOT_NULL(t, q);
	mt_fill(p, 96, 6);
	mt_snapshot(&before);
	kmem_cache_free(c2, p);
	mt_snapshot(&after);
	KTEST_EXPECT_EQ(t, after.bad_frees, before.bad_frees + 1);
	KTEST_EXPECT_TRUE(t, mt_check(p, 96, 6));	/* still c1's */
	kmem_cache_free(c2, q);
	kmem_cache_free(c1, p);
	mt_snapshot(&before);
	KTEST_EXPECT_EQ(t, before.bad_frees, after.bad_frees);
	kmem_cache_destroy(c2);
	kmem_cache_destroy(c1);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

static const struct ktest_case slab_cases[] = {
	KTEST_CASE(slab_alloc_free_ctor),
	KTEST_CASE(slab_alignment_and_large),
	KTEST_CASE(slab_destroy_with_live_objects),
	KTEST_CASE(slab_destroy_twice),
	KTEST_CASE(slab_free_to_twin_cache),
	KTEST_CASE(slab_free_to_busy_twin_cache),
};
KTEST_SUITE(mm_slab, slab_cases);
