// SPDX-License-Identifier: MIT
/*
 * mm_selftest: the on-target self-test entry. It runs every suite linked
 * into the image through the KTAP runner; a port that links
 * libmm-selftest.a (with libmm-kernel.a and libmm.a) gets the allocator's
 * suites, which live in this same object.
 */
#include <baremm/ktest.h>
#include <mm/mm.h>

int mm_selftest(void)
{
	struct ktest_totals tot;

	ktest_run_all(&tot);
	return tot.failed ? -1 : 0;
}
