/* SPDX-License-Identifier: MIT */
/* The fault test's trigger: a permanently undefined instruction. */
#ifndef ASM_FAULT_H
#define ASM_FAULT_H

/*
 * udf: an undefined-instruction exception on v7-A, a UsageFault
 * (CFSR.UNDEFINSTR) on v7-M; either way the vectors report it.
 */
static inline void arch_trigger_fault(void)
{
	__asm__ __volatile__("udf #0" ::: "memory");
}

#endif
