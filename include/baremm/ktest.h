/* SPDX-License-Identifier: MIT */
/*
 * ktest: KUnit-style test cases that print KTAP, on target and on host.
 *
 * A suite is an array of cases registered with KTEST_SUITE(); the linker
 * gathers pointers to every suite in the "ktest_suites" section, so adding
 * a suite is adding a file. Expectations record a failure and go on;
 * assertions record it and return from the case function.
 */
#ifndef BAREMM_KTEST_H
#define BAREMM_KTEST_H

#include <baremm/compiler.h>
#include <baremm/types.h>

struct ktest {
	const char *name;
	int failed;		/* expectations failed so far (atomic) */
	const char *skip;	/* set by ktest_skip(): reason */
};

struct ktest_case {
	const char *name;
	void (*run)(struct ktest *t);
};

struct ktest_suite {
	const char *name;
	const struct ktest_case *cases;
	unsigned int ncases;
};

#define KTEST_CASE(fn) { #fn, fn }

/*
 * The section holds pointers, not the suites: sanitizers may pad globals,
 * and the runner skips the zero padding between pointer slots.
 */
#define KTEST_SUITE(sname, case_array)                                        \
	static const struct ktest_suite ktest_suite_##sname = {               \
		#sname, case_array, ARRAY_SIZE(case_array)};                  \
	static const struct ktest_suite *const ktest_suite_ptr_##sname        \
		__used __section("ktest_suites") = &ktest_suite_##sname

/* Totals of one run of the runner. */
struct ktest_totals {
	unsigned int passed, failed, skipped;
};

/* ktest_run_all - run every registered suite, print KTAP and the totals. */
void ktest_run_all(struct ktest_totals *tot);

__printf(4, 5) void ktest_fail_at(struct ktest *t, const char *file, int line,
				  const char *fmt, ...);
void ktest_skip(struct ktest *t, const char *reason);
/* Print a diagnostic line ("# ...") inside the running case. */
__printf(2, 3) void ktest_log(struct ktest *t, const char *fmt, ...);

#define KTEST_FAIL(t, fmt, ...) \
	ktest_fail_at(t, __FILE__, __LINE__, fmt, ##__VA_ARGS__)

#define KTEST_EXPECT_TRUE(t, cond)                                            \
	({                                                                    \
		bool ok_ = !!(cond);                                          \
		if (!ok_)                                                     \
			KTEST_FAIL(t, "expected %s", #cond);                  \
		ok_;                                                          \
	})
#define KTEST_EXPECT_FALSE(t, cond) KTEST_EXPECT_TRUE(t, !(cond))

#define KTEST_EXPECT_OP(t, a, op, b)                                          \
	({                                                                    \
		unsigned long long a_ = (unsigned long long)(a);              \
		unsigned long long b_ = (unsigned long long)(b);              \
		bool ok_ = a_ op b_;                                          \
		if (!ok_)                                                     \
			KTEST_FAIL(t, "expected %s %s %s, got 0x%llx vs 0x%llx", \
				   #a, #op, #b, a_, b_);                      \
		ok_;                                                          \
	})
#define KTEST_EXPECT_EQ(t, a, b) KTEST_EXPECT_OP(t, a, ==, b)
#define KTEST_EXPECT_NE(t, a, b) KTEST_EXPECT_OP(t, a, !=, b)
#define KTEST_EXPECT_LT(t, a, b) KTEST_EXPECT_OP(t, a, <, b)
#define KTEST_EXPECT_LE(t, a, b) KTEST_EXPECT_OP(t, a, <=, b)
#define KTEST_EXPECT_GE(t, a, b) KTEST_EXPECT_OP(t, a, >=, b)
#define KTEST_EXPECT_GT(t, a, b) KTEST_EXPECT_OP(t, a, >, b)
#define KTEST_EXPECT_NULL(t, p) KTEST_EXPECT_TRUE(t, (p) == NULL)
#define KTEST_EXPECT_NOT_NULL(t, p) KTEST_EXPECT_TRUE(t, (p) != NULL)

#define KTEST_EXPECT_STREQ(t, a, b)                                           \
	({                                                                    \
		const char *a_ = (a), *b_ = (b);                              \
		bool ok_ = strcmp(a_, b_) == 0;                               \
		if (!ok_)                                                     \
			KTEST_FAIL(t, "expected %s == %s: \"%s\" vs \"%s\"",   \
				   #a, #b, a_, b_);                           \
		ok_;                                                          \
	})

/* Assertions: the same checks, returning from the case when they fail. */
#define KTEST_ASSERT_TRUE(t, cond)                                            \
	do {                                                                  \
		if (!KTEST_EXPECT_TRUE(t, cond))                              \
			return;                                               \
	} while (0)
#define KTEST_ASSERT_EQ(t, a, b)                                              \
	do {                                                                  \
		if (!KTEST_EXPECT_EQ(t, a, b))                                \
			return;                                               \
	} while (0)
#define KTEST_ASSERT_NOT_NULL(t, p) KTEST_ASSERT_TRUE(t, (p) != NULL)

#endif
