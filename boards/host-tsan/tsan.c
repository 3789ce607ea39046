// SPDX-License-Identifier: MIT
/*
 * ThreadSanitizer settings of board host-tsan, built into the image so that
 * tools/qemu-run needs no environment. Any report fails the run: TSan then
 * exits with status 66 instead of the kernel's EXIT_PASS.
 *
 * The suppressions below are the whole list, each one access pattern in
 * one place, with why it is not a bug and the change in mm/ that would
 * let the line go. Nothing else is suppressed.
 */
const char *__tsan_default_options(void);
const char *__tsan_default_suppressions(void);

const char *__tsan_default_options(void)
{
	/* Longer history: both stacks of a race, also on long runs. */
	return "history_size=4:second_deadlock_stack=1";
}

const char *__tsan_default_suppressions(void)
{
	return
	/*
	 * tests/mm/badfree_test.c badfree_double_from_all_cpus(): every CPU
	 * kfree()s the same object at once, a caller bug on purpose. The
	 * losers' lock-free lookups (pfn_lookup(): the arena page map, and
	 * the span header in kfree_caller()) race with the winner
	 * rewriting them under the heap lock; every such lookup is checked
	 * again under the lock before anything changes, which is what the
	 * test proves (one free wins, the rest are reported). Correct
	 * programs never free an object whose pages are being rewritten.
	 * Matched only in stacks of that test's race_free().
	 */
	"race:race_free\n";
}
