// SPDX-License-Identifier: MIT
/*
 * The KTAP test runner: runs every suite in the "ktest_suites" section and
 * prints KTAP version 1 the way KUnit does: a top-level plan of suites,
 * each suite a nested, indented subtest with its own plan, diagnostics
 * before the result line they belong to, and totals at the end.
 */
#include <baremm/ktest.h>
#include <baremm/printk.h>

extern const struct ktest_suite *const __start_ktest_suites[];
extern const struct ktest_suite *const __stop_ktest_suites[];

#define ktest_for_each_suite(pp)                                               \
	for (pp = __start_ktest_suites; pp < __stop_ktest_suites; pp++)       \
		if (*pp)

void ktest_fail_at(struct ktest *t, const char *file, int line,
		   const char *fmt, ...)
{
	char msg[160];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	__atomic_fetch_add(&t->failed, 1, __ATOMIC_RELAXED);
	printk("    # %s: EXPECTATION FAILED at %s:%d: %s\n", t->name, file,
	       line, msg);
}

void ktest_log(struct ktest *t, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk("    # %s: %s\n", t->name, msg);
}

void ktest_skip(struct ktest *t, const char *reason)
{
	t->skip = reason;
}

/* Runs one suite as a nested KTAP subtest; returns true when none failed. */
static bool ktest_run_suite(const struct ktest_suite *s, unsigned int n,
			    struct ktest_totals *tot)
{
	unsigned int failed = 0;

	printk("    KTAP version 1\n    # Subtest: %s\n    1..%u\n", s->name,
	       s->ncases);
	for (unsigned int i = 0; i < s->ncases; i++) {
		struct ktest t = { .name = s->cases[i].name };

		s->cases[i].run(&t);
		if (t.failed) {
			failed++;
			tot->failed++;
			printk("    not ok %u %s\n", i + 1, t.name);
		} else if (t.skip) {
			tot->skipped++;
			printk("    ok %u %s # SKIP %s\n", i + 1, t.name, t.skip);
		} else {
			tot->passed++;
			printk("    ok %u %s\n", i + 1, t.name);
		}
	}
	printk("%s %u %s\n", failed ? "not ok" : "ok", n, s->name);
	return failed == 0;
}

void ktest_run_all(struct ktest_totals *tot)
{
	const struct ktest_suite *const *pp;
	unsigned int nsuites = 0, n = 0;

	*tot = (struct ktest_totals){ 0 };
	ktest_for_each_suite(pp)
		nsuites++;
	printk("KTAP version 1\n1..%u\n", nsuites);
	ktest_for_each_suite(pp)
		ktest_run_suite(*pp, ++n, tot);
	printk("# Totals: pass:%u fail:%u skip:%u total:%u\n", tot->passed,
	       tot->failed, tot->skipped,
	       tot->passed + tot->failed + tot->skipped);
	if (tot->skipped)
		printk("ktest: %u passed, %u failed, %u skipped\n", tot->passed,
		       tot->failed, tot->skipped);
	else
		printk("ktest: %u passed, %u failed\n", tot->passed,
		       tot->failed);
}
