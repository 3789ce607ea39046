/* SPDX-License-Identifier: MIT */
/*
 * Interrupt masking through DAIF and the CPU number from MPIDR_EL1,
 * inline for the allocator's fast path (include/baremm/arch.h has the
 * contract; cpu.c gives them out of line as arch_irq_save() and friends).
 */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <baremm/compiler.h>
#include <asm/boot.h>

/* MPIDR_EL1.Aff0: the CPU index on a one-cluster system (see psci.c). */
static __always_inline unsigned int arch_local_cpu_id(void)
{
	unsigned long mpidr;

	__asm__ __volatile__("mrs %0, mpidr_el1" : "=r"(mpidr));
	return (unsigned int)(mpidr & ARM64_MPIDR_AFF0);
}

/* Mask IRQ and FIQ (DAIF.I, DAIF.F); the old DAIF is the flags. */
static __always_inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("mrs %0, daif\n\t"
			     "msr daifset, #3"
			     : "=r"(flags)
			     :
			     : "memory");
	return flags;
}

static __always_inline void arch_local_irq_restore(unsigned long flags)
{
	__asm__ __volatile__("msr daif, %0" : : "r"(flags) : "memory");
}

#endif
