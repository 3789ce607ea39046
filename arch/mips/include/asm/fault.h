/* SPDX-License-Identifier: MIT */
/* arch_trigger_fault: raise a Reserved Instruction exception on purpose. */
#ifndef ASM_FAULT_H
#define ASM_FAULT_H

/*
 * Major opcode 0x3B has no instruction before Release 6 (which made it
 * PCREL), so a MIPS32r2 CPU takes a Reserved Instruction exception.
 */
static inline void arch_trigger_fault(void)
{
	__asm__ __volatile__(".word 0xec000000" ::: "memory");
}

#endif
