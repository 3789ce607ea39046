/* SPDX-License-Identifier: MIT */
/*
 * Interrupt masking and the CPU number, inline for the allocator's fast
 * path (include/baremm/arch.h has the contract; cpu-v7a.c and cpu-v7m.c
 * give them out of line as arch_irq_save() and friends). The two profiles
 * of this arch have different registers for both; CONFIG_CPU_V7M or
 * CONFIG_CPU_V6M picks M, as it picks the -v7m and -v6m files in Kbuild.
 */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <baremm/compiler.h>

#if defined(CONFIG_CPU_V7M) || defined(CONFIG_CPU_V6M)

/*
 * The M-profile boards have one CPU. PRIMASK is all v6-M has (no BASEPRI),
 * and all v7-M uses.
 */
static __always_inline unsigned int arch_local_cpu_id(void)
{
	return 0;
}

/* PRIMASK masks every exception but NMI and HardFault; flags: the old one. */
static __always_inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("mrs %0, primask\n\tcpsid i"
			     : "=r"(flags)
			     :
			     : "memory");
	return flags;
}

static __always_inline void arch_local_irq_restore(unsigned long flags)
{
	__asm__ __volatile__("msr primask, %0" : : "r"(flags) : "memory");
}

#else /* ARMv7-A */

/*
 * MPIDR.Aff0, the core within its cluster. Volatile once inline: gcc
 * would otherwise be free to reuse a read made before an
 * arch_local_irq_save() for one after it.
 */
static __always_inline unsigned int arch_local_cpu_id(void)
{
	unsigned long mpidr;

	__asm__ __volatile__("mrc p15, 0, %0, c0, c0, 5" : "=r"(mpidr));
	return mpidr & 0xff;
}

/* Mask IRQ (CPSR.I); the whole old CPSR is the flags. */
static __always_inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("mrs %0, cpsr\n\tcpsid i"
			     : "=r"(flags)
			     :
			     : "memory", "cc");
	return flags;
}

static __always_inline void arch_local_irq_restore(unsigned long flags)
{
	/* Only the control byte: mode and the I/F/A masks of @flags. */
	__asm__ __volatile__("msr cpsr_c, %0" : : "r"(flags) : "memory", "cc");
}

#endif /* CONFIG_CPU_V7M || CONFIG_CPU_V6M */
#endif
