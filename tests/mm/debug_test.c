// SPDX-License-Identifier: MIT
/*
 * Debug level >= 2: a one-byte overflow into the red zone and a write
 * after free are each reported once, with the object and its call sites,
 * by the free or the allocation that meets them and by mm_validate; then
 * the heap carries on.
 */
#include "mmtest.h"

static unsigned long corruptions(void)
{
	struct mm_stats st;

	mm_get_stats(&st);
	return st.corruptions;
}

static void debug_one_byte_overflow(struct ktest *t)
{
	static const size_t sizes[] = { 1, 13, 100, 4000, 50000 };

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t n = sizes[i];
		char *p = kmalloc(n, GFP_KERNEL);
		unsigned long before = corruptions();

		KTEST_ASSERT_NOT_NULL(t, p);
		KTEST_EXPECT_EQ(t, ksize(p), n);
		p[n] = 'x';			/* one byte too far */
		KTEST_EXPECT_EQ(t, mm_validate(), -EUCLEAN);
		kfree(p);			/* reported, and freed */
		KTEST_EXPECT_GE(t, corruptions(), before + 2);
		KTEST_EXPECT_EQ(t, mm_validate(), 0);
	}
	/* The heap carries on. */
	for (int i = 0; i < 100; i++)
		kfree(kmalloc(13, GFP_KERNEL));
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

/* More than the objects of any span of the test's class: the damaged slot
 * comes back before the owner's scan of its span has wrapped twice. */
#define DEBUG_HELD_MAX 1024

static void debug_write_after_free(struct ktest *t)
{
	char *p = kmalloc(48, GFP_KERNEL), *q = NULL;
	void **held = kmalloc(DEBUG_HELD_MAX * sizeof(*held), GFP_KERNEL);
	unsigned long before;
	int n = 0;

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_ASSERT_NOT_NULL(t, held);
	kfree(p);
	before = corruptions();
	p[5] = 1;				/* use after free */
	KTEST_EXPECT_EQ(t, mm_validate(), -EUCLEAN);
	/* Take objects of the class until the damaged slot comes back; its
	 * allocation reports the write and hands it out anyway. */
	while (n < DEBUG_HELD_MAX && (q = kmalloc(48, GFP_KERNEL)) != p)
		held[n++] = q;
	KTEST_EXPECT_TRUE(t, q == p);
	KTEST_EXPECT_GE(t, corruptions(), before + 2);
	if (q == p)
		kfree(q);
	while (n)
		kfree(held[--n]);
	kfree(held);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

static void debug_clean_use_reports_nothing(struct ktest *t)
{
	unsigned long before = corruptions();

	for (size_t n = 1; n < 3 * PAGE_SIZE; n = n * 2 + 1) {
		char *p = kmalloc(n, GFP_KERNEL);

		KTEST_ASSERT_NOT_NULL(t, p);
		memset(p, 0xab, n);		/* every byte asked, none more */
		p = krealloc(p, n + 7, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, p);
		memset(p, 0xcd, n + 7);
		kfree(p);
	}
	KTEST_EXPECT_EQ(t, corruptions(), before);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

static const struct ktest_case debug_cases[] = {
	KTEST_CASE(debug_one_byte_overflow),
	KTEST_CASE(debug_write_after_free),
	KTEST_CASE(debug_clean_use_reports_nothing),
};
KTEST_SUITE(mm_debug, debug_cases);
