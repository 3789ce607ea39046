// SPDX-License-Identifier: MIT
/*
 * arm64 CPU helpers every port links from libmm.a: CPU index, interrupt
 * masking through DAIF, the generic timer's virtual counter, spin hint.
 */
#include <baremm/arch.h>
#include <asm/boot.h>

/* MPIDR_EL1.Aff0: the CPU index on a one-cluster system (see psci.c). */
unsigned int arch_cpu_id(void)
{
	unsigned long mpidr;

	__asm__ __volatile__("mrs %0, mpidr_el1" : "=r"(mpidr));
	return (unsigned int)(mpidr & ARM64_MPIDR_AFF0);
}

/* Mask IRQ and FIQ (DAIF.I, DAIF.F); the old DAIF is the flags. */
unsigned long arch_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("mrs %0, daif\n\t"
			     "msr daifset, #3"
			     : "=r"(flags)
			     :
			     : "memory");
	return flags;
}

void arch_irq_restore(unsigned long flags)
{
	__asm__ __volatile__("msr daif, %0" : : "r"(flags) : "memory");
}

/* The isb keeps the read from being hoisted above earlier instructions. */
u64 arch_counter(void)
{
	u64 cnt;

	__asm__ __volatile__("isb\n\t"
			     "mrs %0, cntvct_el0"
			     : "=r"(cnt)
			     :
			     : "memory");
	return cnt;
}

/* CNTFRQ_EL0 is what firmware (here QEMU) says; bits 63:32 are RES0. */
u64 arch_counter_freq(void)
{
	u64 freq;

	__asm__ __volatile__("mrs %0, cntfrq_el0" : "=r"(freq));
	return freq & 0xffffffffu;
}

void arch_cpu_relax(void)
{
	__asm__ __volatile__("yield" : : : "memory");
}
