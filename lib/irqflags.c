// SPDX-License-Identifier: MIT
/*
 * The CPU number and IRQ masking out of line, in libmm-kernel.a for every
 * arch: for the kernel's cold code (panic, the self-test) and assembly.
 * Each is the inline arch_local_ form from the arch's <asm/irqflags.h>.
 */
#include <baremm/arch.h>

unsigned int arch_cpu_id(void)
{
	return arch_local_cpu_id();
}

unsigned long arch_irq_save(void)
{
	return arch_local_irq_save();
}

void arch_irq_restore(unsigned long flags)
{
	arch_local_irq_restore(flags);
}
