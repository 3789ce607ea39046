/* SPDX-License-Identifier: MIT */
/*
 * What every arch/<arch>/ provides to the rest of the tree. The per-arch
 * constants (ARCH_HEAP_ADDR_BITS and friends) come from <asm/memory.h>.
 */
#ifndef BAREMM_ARCH_H
#define BAREMM_ARCH_H

#include <baremm/compiler.h>
#include <baremm/types.h>

/* arch_cpu_id - index of the calling CPU, 0 .. CONFIG_NR_CPUS-1. */
unsigned int arch_cpu_id(void);

/* Mask interrupts on this CPU, returning the previous state for restore. */
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
