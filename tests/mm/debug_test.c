// SPDX-License-Identifier: MIT
/*
 * Debug level >= 2: a one-byte overflow into the red zone and a write
 * after free are each reported once, with the object and its call sites,
 * by whichever meets them first: the free, the allocation or mm_validate
 * (which puts what it reports right); then the heap carries on.
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
		KTEST_EXPECT_EQ(t, corruptions(), before + 1);
		KTEST_EXPECT_EQ(t, mm_validate(), 0);	/* reported once */
		kfree(p);
		KTEST_EXPECT_EQ(t, corruptions(), before + 1);
		/* Found by the free when no validate came first. */
		p = kmalloc(n, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, p);
		p[n] = 'x';
		kfree(p);			/* reported, and freed */
		KTEST_EXPECT_EQ(t, corruptions(), before + 2);
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
	/* Once, although a validate ran after every call at level 3 and
	 * the slot was handed out again. */
	KTEST_EXPECT_EQ(t, corruptions(), before + 1);
	if (q == p)
		kfree(q);
	while (n)
		kfree(held[--n]);
	kfree(held);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

/*
 * A write into a freed slot that is never handed out again is reported by
 * the next validate, and by no later one; a later one-byte overflow of a
 * 5000 B object and a second write into that slot, made together, are
 * both reported by one validate (issue 15: a stale finding stopped the
 * walk, and was the only one reported, on every call).
 */
static void debug_each_finding_once(struct ktest *t)
{
	char *f = kmalloc(48, GFP_KERNEL), *big;
	unsigned long before;

	KTEST_ASSERT_NOT_NULL(t, f);
	kfree(f);
	before = corruptions();
	f[5] = 1;				/* never handed out again here */
	KTEST_EXPECT_EQ(t, mm_validate(), -EUCLEAN);
	KTEST_EXPECT_EQ(t, corruptions(), before + 1);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	KTEST_EXPECT_EQ(t, corruptions(), before + 1);
	big = kmalloc(5000, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, big);
	big[5000] = 'x';			/* one byte too far */
	f[7] = 2;				/* and the slot again */
	KTEST_EXPECT_EQ(t, mm_validate(), -EUCLEAN);
	KTEST_EXPECT_EQ(t, corruptions(), before + 3);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	kfree(big);
	KTEST_EXPECT_EQ(t, corruptions(), before + 3);
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
	KTEST_CASE(debug_each_finding_once),
	KTEST_CASE(debug_clean_use_reports_nothing),
};
KTEST_SUITE(mm_debug, debug_cases);
