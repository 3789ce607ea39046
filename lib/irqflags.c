// SPDX-License-Identifier: MIT
/*
 * The CPU number and IRQ masking out of line, in libmm.a for every arch:
 * for code that does not see the arch headers (a port's own C, a user of
 * the installed library, assembly). Each is the inline arch_local_ form
 * from the arch's <asm/irqflags.h>, which code of this tree calls.
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
