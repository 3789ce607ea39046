// SPDX-License-Identifier: MIT
/* CONFIG_KTEST_HANG: a case that never returns; the runner must time out. */
#include <baremm/arch.h>
#include <baremm/ktest.h>

static void hang_forever(struct ktest *t)
{
	ktest_log(t, "spinning forever on purpose");
	for (;;)
		arch_cpu_relax();
}

static const struct ktest_case hang_cases[] = {
	KTEST_CASE(hang_forever),
};
KTEST_SUITE(hang, hang_cases);
