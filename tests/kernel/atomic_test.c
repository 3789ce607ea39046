// SPDX-License-Identifier: MIT
/*
 * The 32-bit atomic read-modify-writes mm/ and <baremm/spinlock.h> use:
 * what each returns and leaves behind, and that increments from every
 * CPU at once all count. Inline instructions on most CPUs; on ARMv6-M,
 * which has no LDREX/STREX, the out-of-line __atomic_*_4 functions of
 * arch/arm/atomic-v6m.c.
 */
#include <baremm/ktest.h>
#include <baremm/smp.h>

#define ATOMIC_ADDS_PER_CPU 10000

/* volatile: the compiler may not fold the operations on a known value. */
static void atomic_rmw_values(struct ktest *t)
{
	volatile u32 w = 0xfffffff0u;
	u32 e;

	KTEST_EXPECT_EQ(t, __atomic_fetch_add(&w, 0x20, __ATOMIC_RELAXED),
			0xfffffff0u);
	KTEST_EXPECT_EQ(t, w, 0x10); /* wrapped */
	KTEST_EXPECT_EQ(t, __atomic_fetch_sub(&w, 0x11, __ATOMIC_ACQ_REL),
			0x10);
	KTEST_EXPECT_EQ(t, w, 0xffffffffu);
	KTEST_EXPECT_EQ(t,
			__atomic_fetch_and(&w, 0xf0f0f0f0u, __ATOMIC_RELEASE),
			0xffffffffu);
	KTEST_EXPECT_EQ(t, w, 0xf0f0f0f0u);
	KTEST_EXPECT_EQ(t, __atomic_fetch_or(&w, 0x0f, __ATOMIC_RELAXED),
			0xf0f0f0f0u);
	KTEST_EXPECT_EQ(t, __atomic_fetch_xor(&w, 0xff, __ATOMIC_SEQ_CST),
			0xf0f0f0ffu);
	KTEST_EXPECT_EQ(t, w, 0xf0f0f000u);
	KTEST_EXPECT_EQ(t, __atomic_add_fetch(&w, 1, __ATOMIC_RELAXED),
			0xf0f0f001u);
	KTEST_EXPECT_EQ(t, __atomic_sub_fetch(&w, 2, __ATOMIC_RELAXED),
			0xf0f0efffu);
	KTEST_EXPECT_EQ(t, __atomic_and_fetch(&w, 0xffu, __ATOMIC_RELAXED),
			0xffu);
	KTEST_EXPECT_EQ(t, __atomic_or_fetch(&w, 0x100u, __ATOMIC_RELAXED),
			0x1ffu);
	KTEST_EXPECT_EQ(t, __atomic_xor_fetch(&w, 0x3u, __ATOMIC_RELAXED),
			0x1fcu);
	KTEST_EXPECT_EQ(t, __atomic_exchange_n(&w, 7, __ATOMIC_ACQ_REL),
			0x1fcu);
	KTEST_EXPECT_EQ(t, w, 7);

	/* Compare-exchange: stores on a match; else loads into expected. */
	e = 7;
	KTEST_EXPECT_TRUE(t, __atomic_compare_exchange_n(&w, &e, 9, false,
							 __ATOMIC_SEQ_CST,
							 __ATOMIC_RELAXED));
	KTEST_EXPECT_EQ(t, w, 9);
	KTEST_EXPECT_EQ(t, e, 7);
	e = 8;
	KTEST_EXPECT_FALSE(t, __atomic_compare_exchange_n(&w, &e, 10, false,
							  __ATOMIC_SEQ_CST,
							  __ATOMIC_RELAXED));
	KTEST_EXPECT_EQ(t, w, 9);
	KTEST_EXPECT_EQ(t, e, 9);
}

static void add_many(void *arg)
{
	u32 *count = arg;

	for (unsigned int i = 0; i < ATOMIC_ADDS_PER_CPU; i++)
		__atomic_fetch_add(count, 1, __ATOMIC_RELAXED);
}

/* Every CPU at once: no increment is lost. */
static void atomic_adds_from_every_cpu(struct ktest *t)
{
	u32 count = 0;

	smp_call_on_each_cpu(add_many, &count);
	KTEST_EXPECT_EQ(t, __atomic_load_n(&count, __ATOMIC_ACQUIRE),
			ATOMIC_ADDS_PER_CPU * smp_num_online());
}

static const struct ktest_case atomic_cases[] = {
	KTEST_CASE(atomic_rmw_values),
	KTEST_CASE(atomic_adds_from_every_cpu),
};
KTEST_SUITE(atomic, atomic_cases);
