// SPDX-License-Identifier: MIT
/* CONFIG_KTEST_FAIL: a case that always fails, to prove the runner sees it. */
#include <baremm/ktest.h>

static void runner_must_fail(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, 1 + 1, 3);
}

static const struct ktest_case runner_fail_cases[] = {
	KTEST_CASE(runner_must_fail),
};
KTEST_SUITE(runner_fail, runner_fail_cases);
