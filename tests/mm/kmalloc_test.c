// SPDX-License-Identifier: MIT
/*
 * kmalloc's promises one by one: alignment, every size-class boundary,
 * kmalloc(0), absurd sizes, kmalloc_aligned up to 1 MiB, krealloc in place
 * and by copy, zeroing, whole pages.
 */
#include "mmtest.h"

static void kmalloc_min_alignment(struct ktest *t)
{
	for (size_t n = 1; n <= 3 * PAGE_SIZE; n += n < 64 ? 1 : 61) {
		void *p = kmalloc(n, GFP_KERNEL);

		KTEST_ASSERT_NOT_NULL(t, p);
		if (!IS_ALIGNED((uintptr_t)p, MM_MIN_ALIGN))
			KTEST_FAIL(t, "kmalloc(%zu) = %p", n, p);
		KTEST_EXPECT_GE(t, ksize(p), n);
		KTEST_EXPECT_GE(t, (uintptr_t)p, PAGE_SIZE);
		kfree(p);
	}
}

static void kmalloc_power_of_two_natural(struct ktest *t)
{
	for (size_t n = MM_MIN_ALIGN; n <= (1u << 20); n <<= 1) {
		void *p = kmalloc(n, GFP_KERNEL);

		KTEST_ASSERT_NOT_NULL(t, p);
		if (!IS_ALIGNED((uintptr_t)p, n))
			KTEST_FAIL(t, "kmalloc(%zu) = %p not aligned", n, p);
		kfree(p);
	}
}

/* Every class: its exact size stays in it, one byte more goes up. */
static void kmalloc_class_boundaries(struct ktest *t)
{
	for (unsigned int c = 1; c < sizeclass_count; c++) {
		size_t n = sizeclass_size(c);
		void *p = kmalloc(n, GFP_KERNEL), *q = kmalloc(n + 1, GFP_KERNEL);

		KTEST_ASSERT_NOT_NULL(t, p);
		KTEST_ASSERT_NOT_NULL(t, q);
		KTEST_EXPECT_EQ(t, ksize(p), n);
		KTEST_EXPECT_GT(t, ksize(q), n);
		/* With red zones ksize is the size asked, not the class. */
		if (c + 1 < sizeclass_count && !MM_DEBUG_REDZONES)
			KTEST_EXPECT_EQ(t, ksize(q), sizeclass_size(c + 1));
		memset(p, 0x5a, n);	/* the whole object is ours */
		memset(q, 0xa5, n + 1);
		KTEST_EXPECT_NULL(t, memchr_inv(p, 0x5a, n));
		kfree(q);
		kfree(p);
	}
}

static void kmalloc_zero_and_absurd(struct ktest *t)
{
	struct mt_snap before;
	size_t total;

	mt_snapshot(&before);
	total = mheap.total_pages << PAGE_SHIFT;
	KTEST_EXPECT_TRUE(t, kmalloc(0, GFP_KERNEL) == ZERO_SIZE_PTR);
	KTEST_EXPECT_EQ(t, ksize(ZERO_SIZE_PTR), 0);
	kfree(ZERO_SIZE_PTR);
	kfree(NULL);
	KTEST_EXPECT_NULL(t, kmalloc(SIZE_MAX, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kmalloc(SIZE_MAX - PAGE_SIZE + 2, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kmalloc(total + PAGE_SIZE, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kcalloc(SIZE_MAX / 2, 3, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kcalloc(2, SIZE_MAX / 2 + 1, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kmalloc_aligned(SIZE_MAX - 8, 4096, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, alloc_pages_exact(SIZE_MAX, GFP_KERNEL));
	/* Nothing was taken and no metadata was left behind. */
	MT_EXPECT_SAME_HEAP(t, &before);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

/*
 * SIZE_MAX / 2 is absurd on 64-bit but only 2 GiB on 32-bit, where
 * qemu-virt-a15 has 3 GiB: there it must succeed as one run of pages.
 */
static void kmalloc_half_address_space(struct ktest *t)
{
	size_t half = SIZE_MAX / 2;
	struct mt_snap before;
	char *p;

	mm_drain();
	mt_snapshot(&before);
	p = kmalloc(half, GFP_KERNEL);
	if (half > before.free_bytes) {
		KTEST_EXPECT_NULL(t, p);
		MT_EXPECT_SAME_HEAP(t, &before);
		return;
	}
	ktest_log(t, "%zu MiB of %zu MiB free: kmalloc(SIZE_MAX / 2) = %p",
		  half >> 20, before.free_bytes >> 20, p);
	if (p) {
		KTEST_EXPECT_GE(t, ksize(p), half);
		p[0] = 1;
		p[half - 1] = 2;
		kfree(p);
	}
	MT_EXPECT_PAGES_BACK(t, &before);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

static void kmalloc_aligned_up_to_1mib(struct ktest *t)
{
	static const size_t sizes[] = { 1, 24, 100, 3000, 40000, 300000 };

	for (size_t al = 1; al <= (1u << 20); al <<= 1) {
		for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
			void *p = kmalloc_aligned(sizes[i], al, GFP_KERNEL);

			KTEST_ASSERT_NOT_NULL(t, p);
			if (!IS_ALIGNED((uintptr_t)p, max(al, MM_MIN_ALIGN)))
				KTEST_FAIL(t, "kmalloc_aligned(%zu, %zu) = %p",
					   sizes[i], al, p);
			KTEST_EXPECT_GE(t, ksize(p), sizes[i]);
			mt_fill(p, sizes[i], al);
			KTEST_EXPECT_TRUE(t, mt_check(p, sizes[i], al));
			kfree(p);
		}
	}
	KTEST_EXPECT_NULL(t, kmalloc_aligned(64, 3, GFP_KERNEL));
	KTEST_EXPECT_NULL(t, kmalloc_aligned(64, 2u << 20, GFP_KERNEL));
}

static void krealloc_in_place_and_copy(struct ktest *t)
{
	char *p = kmalloc(100, GFP_KERNEL), *q;
	size_t cls = ksize(p);

	KTEST_ASSERT_NOT_NULL(t, p);
	for (int i = 0; i < 100; i++)
		p[i] = (char)i;
	/* Growing within the class keeps the object where it is (red zones
	 * trade that for their trailer: then it moves). */
	q = krealloc(p, cls, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, q);
	if (!MM_DEBUG_REDZONES)
		KTEST_EXPECT_TRUE(t, q == p);
	p = q;
	/* Growing past it moves it, contents intact. */
	q = krealloc(p, 5000, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT_GE(t, ksize(q), 5000);
	for (int i = 0; i < 100; i++)
		if (q[i] != (char)i)
			KTEST_FAIL(t, "byte %d lost in krealloc", i);
	/* Large to larger, then shrinking to small. */
	p = krealloc(q, 200000, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, p[99], 99);
	q = krealloc(p, 10, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT_EQ(t, q[9], 9);
	KTEST_EXPECT_LT(t, ksize(q), 100);
	/* On failure the old object stays. */
	KTEST_EXPECT_NULL(t, krealloc(q, (mheap.total_pages + 1) << PAGE_SHIFT,
				      GFP_KERNEL));
	KTEST_EXPECT_EQ(t, q[9], 9);
	KTEST_EXPECT_TRUE(t, krealloc(q, 0, GFP_KERNEL) == ZERO_SIZE_PTR);
	p = krealloc(NULL, 33, GFP_KERNEL);
	KTEST_EXPECT_NOT_NULL(t, p);
	kfree(p);
}

static void kzalloc_kcalloc_zero(struct ktest *t)
{
	for (size_t n = 8; n <= 4 * PAGE_SIZE; n *= 3) {
		unsigned char *p = kmalloc(n, GFP_KERNEL), *q;

		KTEST_ASSERT_NOT_NULL(t, p);
		memset(p, 0xff, n);
		kfree(p);
		q = kzalloc(n, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, q);
		KTEST_EXPECT_NULL(t, memchr_inv(q, 0, n));
		kfree(q);
		q = kcalloc(n, 3, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, q);
		KTEST_EXPECT_NULL(t, memchr_inv(q, 0, 3 * n));
		kfree(q);
	}
}

static void pages_exact(struct ktest *t)
{
	struct mt_snap before;
	void *p, *q;

	/* Warm up once, so span structs for the splits already exist;
	 * kept runs count as used, so none is kept when counting. */
	free_pages_exact(alloc_pages_exact(PAGE_SIZE, 0), PAGE_SIZE);
	mm_drain();
	mt_snapshot(&before);
	p = alloc_pages_exact(3 * PAGE_SIZE + 1, __GFP_ZERO);
	q = alloc_pages_exact(PAGE_SIZE, 0);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT_TRUE(t, IS_ALIGNED((uintptr_t)p, PAGE_SIZE));
	KTEST_EXPECT_EQ(t, ksize(p), 4 * PAGE_SIZE);
	KTEST_EXPECT_NULL(t, memchr_inv(p, 0, 4 * PAGE_SIZE));
	free_pages_exact(p, 3 * PAGE_SIZE + 1);
	free_pages_exact(q, PAGE_SIZE);
	mm_drain();
	MT_EXPECT_SAME_HEAP(t, &before);
}

static const struct ktest_case kmalloc_cases[] = {
	KTEST_CASE(kmalloc_min_alignment),
	KTEST_CASE(kmalloc_power_of_two_natural),
	KTEST_CASE(kmalloc_class_boundaries),
	KTEST_CASE(kmalloc_zero_and_absurd),
	KTEST_CASE(kmalloc_half_address_space),
	KTEST_CASE(kmalloc_aligned_up_to_1mib),
	KTEST_CASE(krealloc_in_place_and_copy),
	KTEST_CASE(kzalloc_kcalloc_zero),
	KTEST_CASE(pages_exact),
};
KTEST_SUITE(mm_kmalloc, kmalloc_cases);
