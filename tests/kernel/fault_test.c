// SPDX-License-Identifier: MIT
/*
 * CONFIG_KTEST_FAULT: execute an undefined instruction, so the board's
 * exception handler must report it and exit with EXIT_FAULT.
 */
#include <baremm/ktest.h>
#include <asm/fault.h>

static void fault_is_reported(struct ktest *t)
{
	ktest_log(t, "executing an undefined instruction on purpose");
	arch_trigger_fault();
	KTEST_FAIL(t, "the fault returned");
}

static const struct ktest_case fault_cases[] = {
	KTEST_CASE(fault_is_reported),
};
KTEST_SUITE(fault, fault_cases);
