/* SPDX-License-Identifier: MIT */
/* AArch64 generic timer registers, for arch/arm/generic-timer.c. */
#ifndef ASM_ARCH_TIMER_H
#define ASM_ARCH_TIMER_H

#include <baremm/types.h>

static inline void cntv_set_tval(u32 ticks)
{
	__asm__ __volatile__("msr cntv_tval_el0, %0" : : "r"((u64)ticks));
}

static inline void cntv_set_ctl(u32 ctl)
{
	__asm__ __volatile__("msr cntv_ctl_el0, %0\n\tisb"
			     :
			     : "r"((u64)ctl)
			     : "memory");
}

/* Unmask IRQs on this CPU. */
static inline void cpu_irq_enable(void)
{
	__asm__ __volatile__("msr daifclr, #2" ::: "memory");
}

#endif
