/* SPDX-License-Identifier: MIT */
/* ARMv7-A generic timer registers, for arch/arm/generic-timer.c (CP15). */
#ifndef ASM_ARCH_TIMER_H
#define ASM_ARCH_TIMER_H

#include <baremm/types.h>

static inline void cntv_set_tval(u32 ticks)
{
	__asm__ __volatile__("mcr p15, 0, %0, c14, c3, 0" : : "r"(ticks));
}

static inline void cntv_set_ctl(u32 ctl)
{
	__asm__ __volatile__("mcr p15, 0, %0, c14, c3, 1\n\tisb"
			     :
			     : "r"(ctl)
			     : "memory");
}

/* Unmask IRQs on this CPU. */
static inline void cpu_irq_enable(void)
{
	__asm__ __volatile__("cpsie i" ::: "memory");
}

#endif
