/* SPDX-License-Identifier: MIT */
/*
 * What every arch/<arch>/ provides to the rest of the tree. The per-arch
 * constants (ARCH_HEAP_ADDR_BITS and friends) come from <asm/memory.h>.
 */
#ifndef BAREMM_ARCH_H
#define BAREMM_ARCH_H

#include <baremm/compiler.h>
#include <baremm/types.h>
#include <mm/port.h>

/*
 * Interrupt masking and the CPU number. Every kmalloc/kfree masks
 * interrupts and reads the CPU number once, so each arch gives these as
 * static inline functions in <asm/irqflags.h>: an instruction or two
 * where they are used, not a call and a return.
 *
 *   unsigned long arch_local_irq_save(void)
 *	mask interrupts on this CPU; return the state before, for restore.
 *   void arch_local_irq_restore(unsigned long flags)
 *	put back the state of the matching save: unmask only if that save
 *	found interrupts unmasked, so sections nest. @flags is only for
 *	restore, its bits are the arch's.
 *   unsigned int arch_local_cpu_id(void)
 *	the calling CPU, 0 .. CONFIG_NR_CPUS-1. Nothing in this tree moves
 *	code between CPUs; under a scheduler that does, the answer holds
 *	while interrupts are masked, which is where the allocator reads it.
 *
 * Save and restore are compiler barriers (a "memory" clobber), as a call
 * to them out of line is: no memory access moves into or out of the
 * section they bracket. They are not CPU barriers: other CPUs see the
 * section's stores only as its atomics or locks order them.
 */
#include <asm/irqflags.h>

/*
 * local_irq_save/restore - the critical section of the allocator and of
 * the tree's locks (<baremm/spinlock.h>): the arch's inline masking, or,
 * in a library built with CONFIG_MM_PORT_CRITICAL, the port's pair of
 * <mm/port.h> (an RTOS's own critical section, say BASEPRI masking), at
 * the price of a call. Same contract as the arch's two above.
 */
static __always_inline unsigned long local_irq_save(void)
{
	if (IS_ENABLED(CONFIG_MM_PORT_CRITICAL))
		return mm_port_critical_enter();
	return arch_local_irq_save();
}

static __always_inline void local_irq_restore(unsigned long flags)
{
	if (IS_ENABLED(CONFIG_MM_PORT_CRITICAL))
		mm_port_critical_exit(flags);
	else
		arch_local_irq_restore(flags);
}

/*
 * The same three out of line, in libmm-kernel.a (lib/irqflags.c wraps
 * the inline ones): for the kernel's cold code and assembly. Code of this
 * tree that is on an allocation's path calls local_irq_save() and
 * arch_local_cpu_id().
 */
unsigned int arch_cpu_id(void);
unsigned long arch_irq_save(void);
void arch_irq_restore(unsigned long flags);

/* A free-running counter and its frequency in Hz (0 when unknown). */
u64 arch_counter(void);
u64 arch_counter_freq(void);

/* Pause hint for spin loops. */
void arch_cpu_relax(void);

/*
 * arch_cpu_wait_event - wait for an event: arch_cpu_send_event() on
 * another CPU, an interrupt, or nothing at all, since it may return at
 * any time; the caller re-checks what it waits for. A low-power wait
 * where the CPU has one (ARM wfe). kernel/smp.c has the default for the
 * others, arch_cpu_relax().
 */
void arch_cpu_wait_event(void);

/*
 * arch_cpu_send_event - end arch_cpu_wait_event() on every CPU, once the
 * stores before it are visible to them. Default: nothing to do.
 */
void arch_cpu_send_event(void);

/*
 * arch_cpu_start - start secondary CPU @cpu at secondary_start_kernel().
 * Return: 0, or a negative errno when the CPU cannot be started.
 */
int arch_cpu_start(unsigned int cpu);

/* Report a CPU exception and stop with EXIT_FAULT; called by the vectors. */
struct fault_info {
	const char *what;	/* "data abort", "illegal instruction", ... */
	unsigned long pc;
	unsigned long cause;	/* syndrome / cause register */
	unsigned long addr;	/* faulting address when the CPU reports one */
};
void __noreturn fault_report(const struct fault_info *fi);

/* Entry of secondary CPUs in C, on their own stack. */
void __noreturn secondary_start_kernel(unsigned int cpu);

#endif
