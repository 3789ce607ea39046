/* SPDX-License-Identifier: MIT */
/*
 * The host's side of include/baremm/arch.h's IRQ and CPU-id contract,
 * inline for the allocator's fast path: a Linux process has no interrupts
 * to mask, and a CPU is a thread whose number is in a thread-local
 * variable (arch/host/cpu.c sets it and gives these out of line as
 * arch_irq_save() and friends).
 */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <baremm/compiler.h>

/* This thread's CPU: 0 for the main thread; each secondary sets its own
 * first thing (arch_cpu_start()). Only cpu.c writes it. */
extern __thread unsigned int host_this_cpu;

static __always_inline unsigned int arch_local_cpu_id(void)
{
	return host_this_cpu;
}

/*
 * Nothing to mask, but still a compiler barrier as on the targets, so
 * that the code the sanitizers check is ordered as the code that runs
 * there.
 */
static __always_inline unsigned long arch_local_irq_save(void)
{
	barrier();
	return 0;
}

static __always_inline void arch_local_irq_restore(unsigned long flags)
{
	(void)flags;
	barrier();
}

#endif
