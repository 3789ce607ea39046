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
	 * mm/cpu_cache.c cpu_cache_free(): READ_ONCE(s->owner) without the
	 * class lock, while the owner CPU rewrites s->owner under it
	 * (central_take_locked(), central_release_locked()). The reader
	 * only asks "is it me?": s->owner becomes cpu + 1 and stops being
	 * it only on that CPU itself, in its own refill or drain, with its
	 * interrupts masked, so the answer cannot change under the reader;
	 * any other value sends it to the locked path, which looks again.
	 * The word is aligned and never torn. In C11 terms it is still a
	 * data race (READ_ONCE is volatile, not atomic); the fix is
	 * __atomic_load_n(&s->owner, __ATOMIC_RELAXED) there and
	 * __atomic_store_n(..., __ATOMIC_RELAXED) for the writers.
	 * race_top matches only accesses made by cpu_cache_free() itself.
	 */
	"race_top:cpu_cache_free\n"
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
