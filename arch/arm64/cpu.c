// SPDX-License-Identifier: MIT
/*
 * arm64 CPU helpers every port links from libmm.a: CPU index and
 * interrupt masking through DAIF (inline in <asm/irqflags.h>, out of line
 * in lib/irqflags.c), the generic timer's virtual counter, spin hint.
 */
#include <baremm/arch.h>

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
