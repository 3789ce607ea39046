// SPDX-License-Identifier: MIT
/*
 * No periodic tick on the host (include/baremm/irq.h): a signal handler
 * is the nearest thing, but arch_irq_save() here masks nothing, so one
 * that called the allocator could break into its critical sections.
 */
#include <baremm/errno.h>
#include <baremm/irq.h>

int arch_timer_start(unsigned long period_us, void (*handler)(void))
{
	(void)period_us;
	(void)handler;
	return -ENOSYS;
}

void arch_timer_stop(void)
{
}
