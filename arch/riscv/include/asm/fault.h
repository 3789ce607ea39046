/* SPDX-License-Identifier: MIT */
/* arch_trigger_fault: raise an illegal-instruction exception on purpose. */
#ifndef ASM_FAULT_H
#define ASM_FAULT_H

/* The all-zero instruction is defined to be illegal, 16- or 32-bit. */
static inline void arch_trigger_fault(void)
{
	__asm__ __volatile__(".4byte 0" ::: "memory");
}

#endif
