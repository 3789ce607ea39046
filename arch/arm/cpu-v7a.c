// SPDX-License-Identifier: MIT
/*
 * ARMv7-A CPU primitives for libmm.a: CPU number from MPIDR and IRQ
 * masking with CPSR.I (inline in <asm/irqflags.h>, out of line in
 * lib/irqflags.c), the generic timer's virtual counter, and the
 * semihosting trap. Everything runs in ARM state at PL1 with the MMU off.
 */
#include <baremm/arch.h>
#include <asm/semihost.h>

u64 arch_counter(void)
{
	u32 lo, hi;

	/* isb: do not read the counter ahead of earlier instructions. */
	__asm__ __volatile__("isb\n\tmrrc p15, 1, %0, %1, c14"
			     : "=r"(lo), "=r"(hi)
			     :
			     : "memory");
	return (u64)hi << 32 | lo;
}

u64 arch_counter_freq(void)
{
	u32 frq;

	/* CNTFRQ is set by firmware (QEMU: 62.5 MHz); never hard-code it. */
	__asm__("mrc p15, 0, %0, c14, c0, 0" : "=r"(frq));
	return frq;
}

void arch_cpu_relax(void)
{
	__asm__ __volatile__("yield" ::: "memory");
}

long arm_semihost(unsigned long op, const void *arg)
{
	register unsigned long r0 __asm__("r0") = op;
	register const void *r1 __asm__("r1") = arg;

	__asm__ __volatile__("svc 0x123456" : "+r"(r0) : "r"(r1) : "memory");
	return (long)r0;
}
