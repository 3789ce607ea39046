/* SPDX-License-Identifier: MIT */
#ifndef ASM_FAULT_H
#define ASM_FAULT_H

/* ud2: SIGILL, which arch/host turns into a fault report. */
static inline void arch_trigger_fault(void)
{
	__asm__ __volatile__("ud2");
}

#endif
