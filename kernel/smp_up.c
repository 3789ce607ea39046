// SPDX-License-Identifier: MIT
/*
 * One CPU: the cross-CPU calls of <baremm/smp.h> where no SMP bring-up is
 * linked, as in a firmware that runs mm_selftest() from libmm-kernel.a.
 * Weak: the boot image's kernel/smp.c replaces both.
 */
#include <baremm/compiler.h>
#include <baremm/smp.h>

unsigned int __weak smp_num_online(void)
{
	return 1;
}

void __weak smp_call_on_each_cpu(void (*fn)(void *arg), void *arg)
{
	fn(arg);
}
