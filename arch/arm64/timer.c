// SPDX-License-Identifier: MIT
/*
 * AArch64 IRQ entry: irq_entry (entry.S) calls arm64_irq(), which hands
 * the interrupt to the generic timer and GIC code shared with 32-bit Arm
 * (arch/arm/generic-timer.c); anything else is reported as a fault.
 */
#include <baremm/gic.h>
#include <asm/traps.h>

void arm64_irq(const struct arm64_irq_frame *frame)
{
	unsigned long esr, far;

	if (gic_timer_irq())
		return;
	__asm__ __volatile__("mrs %0, esr_el1\n\tmrs %1, far_el1"
			     : "=r"(esr), "=r"(far));
	arm64_fault(ARM64_SLOT_EL1H_IRQ, esr, frame->elr, far, frame->lr,
		    (unsigned long)(frame + 1));
}
