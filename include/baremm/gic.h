/* SPDX-License-Identifier: MIT */
/*
 * The Arm GICv2 interrupt controller (arch/arm/gic-v2.c), shared by
 * ARMv7-A and AArch64: just enough for the interrupts private to a CPU,
 * the generic timer's PPI (arch_timer_start) and the SGI that wakes CPUs
 * waiting in arch_cpu_wait_event() (arch/arm/wake-gic.c).
 */
#ifndef BAREMM_GIC_H
#define BAREMM_GIC_H

#include <baremm/types.h>

#define GIC_SGI_WAKE	   0  /* arch_cpu_send_event() */
#define GIC_PPI_VIRT_TIMER 27 /* EL1 virtual timer, the SBSA/BSA number */
#define GIC_SPURIOUS	   1023
#define GICC_IAR_INTID	   0x3ffu

/*
 * gic_cpu_init - find the GICv2 in the board's device tree (the node
 * "/intc", compatible with a GICv2), enable its distributor and the
 * calling CPU's interface, every priority let through. Interrupts still
 * reach the CPU only where they are enabled and the CPU unmasks IRQs.
 * Return: 0, or -ENODEV when there is no device tree or no GICv2 in it.
 */
int gic_cpu_init(void);

/* Enable or disable SGI or PPI @intid (0..31) on the calling CPU. */
void gic_local_enable(unsigned int intid);
void gic_local_disable(unsigned int intid);

/*
 * gic_ack - acknowledge the highest-priority pending interrupt.
 * Return: GICC_IAR; its INTID (& GICC_IAR_INTID) is GIC_SPURIOUS when
 * nothing was pending. Hand the value back to gic_eoi() when done.
 */
u32 gic_ack(void);
/*
 * gic_timer_irq - take one interrupt in an IRQ entry (arch/arm/
 * generic-timer.c): the generic timer's tick or a wake-up SGI.
 * Return: false when it is neither; the caller reports it as a fault.
 */
bool gic_timer_irq(void);
void gic_eoi(u32 iar);

/*
 * gic_sgi_send_others - make SGI @intid pending on every CPU but the
 * caller, after the caller's earlier stores (dsb). Nothing when there is
 * no GICv2.
 */
void gic_sgi_send_others(unsigned int intid);

/* gic_sgi_clear - drop SGI @intid pending on the calling CPU, from any CPU. */
void gic_sgi_clear(unsigned int intid);

#endif
