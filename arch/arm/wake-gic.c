// SPDX-License-Identifier: MIT
/*
 * CPUs waiting in kernel/smp.c, on Arm with a GICv2 (ARMv7-A and AArch64
 * alike): arch_cpu_wait_event() sleeps in wfi, and arch_cpu_send_event()
 * wakes the sleepers with an SGI. wfi rather than wfe, because QEMU (7.2)
 * runs wfe as a mere yield, so a CPU waiting in it keeps a host core
 * busy, while wfi stops the CPU's thread until an interrupt is pending.
 * A pending interrupt ends wfi even while the CPU masks IRQs, as waiting
 * CPUs do: the SGI is never taken, only cleared. Without a GIC, waiting
 * is polling.
 */
#include <baremm/arch.h>
#include <baremm/gic.h>

/* Per CPU, written by that CPU: 0 not set up yet, 1 wfi, -1 no GIC. */
static int wake_mode[CONFIG_NR_CPUS];

void arch_cpu_wait_event(void)
{
	unsigned int cpu = arch_cpu_id();

	if (cpu < CONFIG_NR_CPUS && !wake_mode[cpu]) {
		wake_mode[cpu] = gic_cpu_init() ? -1 : 1;
		if (wake_mode[cpu] > 0)
			gic_local_enable(GIC_SGI_WAKE);
	}
	if (cpu >= CONFIG_NR_CPUS || wake_mode[cpu] < 0) {
		arch_cpu_relax();
		return;
	}
	__asm__ __volatile__("wfi" ::: "memory");
	gic_sgi_clear(GIC_SGI_WAKE);
}

void arch_cpu_send_event(void)
{
	gic_sgi_send_others(GIC_SGI_WAKE);
}
