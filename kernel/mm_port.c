// SPDX-License-Identifier: MIT
/*
 * The boot image's side of the allocator's port hooks (<mm/port.h>): its
 * messages go to printk, under the console lock like every other line,
 * and a broken invariant is a kernel panic. Image only, not in
 * libmm-kernel.a: a firmware that links that archive for mm_selftest()
 * keeps its own hooks.
 */
#include <baremm/panic.h>
#include <baremm/printk.h>
#include <mm/port.h>

void mm_port_report(const char *msg)
{
	printk("%s", msg);
}

void mm_port_panic(const char *msg)
{
	panic("%s", msg);
}
