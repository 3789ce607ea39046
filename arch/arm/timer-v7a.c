// SPDX-License-Identifier: MIT
/*
 * ARMv7-A IRQ entry: vector_irq (head-v7a.S) calls arm_irq(), which hands
 * the interrupt to the generic timer and GIC code shared with AArch64
 * (arch/arm/generic-timer.c); anything else is an unexpected IRQ.
 */
#include <baremm/gic.h>
#include <asm/traps.h>

void arm_irq(const struct arm_irq_frame *frame)
{
	if (!gic_timer_irq())
		arm_exception(VEC_IRQ, frame->pc + 4, frame->spsr);
}
