/* SPDX-License-Identifier: MIT */
/*
 * ARMv7-A exception entry (head-v7a.S) and what it calls: arm_exception()
 * in traps-v7a.c reports the fatal ones, arm_irq() in timer-v7a.c takes
 * interrupts and returns.
 */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <baremm/compiler.h>
#include <baremm/types.h>

/* The vectors, in the order of the table at VBAR. */
enum arm_vector {
	VEC_RESET,
	VEC_UNDEF,
	VEC_SVC,
	VEC_PABT,
	VEC_DABT,
	VEC_HYP,
	VEC_IRQ,
	VEC_FIQ,
};

void __noreturn arm_exception(unsigned int vec, unsigned long lr,
			      unsigned long spsr);

/*
 * The interrupted context as vector_irq saves it on the SVC stack: the
 * registers a call may clobber, then the return address and the SPSR.
 */
struct arm_irq_frame {
	u32 r[4];
	u32 r12;
	u32 lr;		/* the interrupted code's lr_svc */
	u32 pc;		/* where it resumes: lr_irq - 4 */
	u32 spsr;
};

void arm_irq(const struct arm_irq_frame *frame);

#endif
