/* SPDX-License-Identifier: MIT */
/*
 * Exit statuses of an image, read by tools/qemu-run. QEMU itself exits with
 * 0 (reset), 1 (its own errors) and 134 (M-profile lockup), and timeout(1)
 * with 124, so none of ours is 0 or 1.
 */
#ifndef BAREMM_EXIT_H
#define BAREMM_EXIT_H

#define EXIT_PASS	3	/* every test case passed */
#define EXIT_FAIL	4	/* at least one test case failed */
#define EXIT_PANIC	5	/* panic(): broken internal state */
#define EXIT_FAULT	6	/* a CPU exception */

#endif
