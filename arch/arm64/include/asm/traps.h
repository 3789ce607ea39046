/* SPDX-License-Identifier: MIT */
/*
 * AArch64 exception entry (entry.S) and what it calls: arm64_fault() in
 * traps.c reports the fatal exceptions, arm64_irq() in timer.c takes
 * interrupts and returns.
 */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

/* The IRQ frame entry.S saves, in bytes; a multiple of 16 (sp alignment). */
#define ARM64_IRQ_FRAME 192
/* The vector slot of an IRQ taken at EL1 on SP_EL1: where baremm runs. */
#define ARM64_SLOT_EL1H_IRQ 5

#ifndef __ASSEMBLY__
#include <baremm/compiler.h>
#include <baremm/types.h>

void __noreturn arm64_fault(unsigned long slot, unsigned long esr,
			    unsigned long elr, unsigned long far,
			    unsigned long lr, unsigned long sp);

/*
 * The interrupted context as irq_entry saves it below its sp: the
 * registers a call may clobber, the frame pointer, and where to return.
 */
struct arm64_irq_frame {
	u64 x[19];	/* x0 .. x18 */
	u64 fp;		/* x29 */
	u64 lr;		/* x30 */
	u64 elr;
	u64 spsr;
	u64 pad;
};
_Static_assert(sizeof(struct arm64_irq_frame) == ARM64_IRQ_FRAME,
	       "entry.S and struct arm64_irq_frame disagree");

void arm64_irq(const struct arm64_irq_frame *frame);
#endif

#endif
