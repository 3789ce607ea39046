/* SPDX-License-Identifier: MIT */
/*
 * Interrupt masking through mstatus.MIE and the hart id, inline for the
 * allocator's fast path (include/baremm/arch.h has the contract; cpu.c
 * gives them out of line as arch_irq_save() and friends).
 */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <baremm/compiler.h>
#include <asm/csr.h>

static __always_inline unsigned int arch_local_cpu_id(void)
{
	return (unsigned int)csr_read(mhartid);
}

/* The flags are mstatus.MIE alone, cleared and read in one csrrc. */
static __always_inline unsigned long arch_local_irq_save(void)
{
	return csr_read_clear(mstatus, MSTATUS_MIE) & MSTATUS_MIE;
}

static __always_inline void arch_local_irq_restore(unsigned long flags)
{
	if (flags & MSTATUS_MIE)
		csr_set(mstatus, MSTATUS_MIE);
}

#endif
