/* SPDX-License-Identifier: MIT */
/*
 * Interrupt masking with di/ei and the CPU number from EBase, inline for
 * the allocator's fast path (include/baremm/arch.h has the contract;
 * cpu.c gives them out of line as arch_irq_save() and friends).
 */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <baremm/compiler.h>
#include <asm/cp0.h>

static __always_inline unsigned int arch_local_cpu_id(void)
{
	return read_c0_ebase() & EBASE_CPUNUM;
}

/*
 * The flags are Status.IE alone: restore only ever sets it back, so the
 * rest of Status may change inside the section (the timer's IM7).
 */
static __always_inline unsigned long arch_local_irq_save(void)
{
	unsigned long status;

	__asm__ __volatile__("di %0\n\tehb" : "=r"(status) : : "memory");
	return status & ST0_IE;
}

static __always_inline void arch_local_irq_restore(unsigned long flags)
{
	if (flags & ST0_IE)
		__asm__ __volatile__("ei\n\tehb" : : : "memory");
}

#endif
