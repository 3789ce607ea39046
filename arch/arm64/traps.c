// SPDX-License-Identifier: MIT
/*
 * Exception reports: entry.S sends every exception here, which names it
 * from ESR_EL1 and hands it to fault_report(); IRQs go to arm64_irq()
 * (timer.c), which sends here the ones nobody expects. A fault while reporting
 * must not loop or hang, so each nested level falls back to something
 * simpler: the board's exit, then PSCI SYSTEM_OFF, then wfi.
 */
#include <baremm/arch.h>
#include <baremm/board.h>
#include <baremm/exit.h>
#include <baremm/printk.h>
#include <asm/psci.h>
#include <asm/traps.h>

#define ESR_EC(esr) (((esr) >> 26) & 0x3f)

/* Nesting depth of faults on each CPU; only that CPU writes its slot. */
static unsigned int fault_depth[CONFIG_NR_CPUS];

static const char *const ec_names[0x40] = {
	[0x00] = "undefined instruction",
	[0x01] = "WFI/WFE trap",
	[0x07] = "FP/SIMD access trap",
	[0x0e] = "illegal execution state",
	[0x15] = "SVC",
	[0x16] = "HVC",
	[0x17] = "SMC",
	[0x18] = "system register trap",
	[0x20] = "instruction abort from lower EL",
	[0x21] = "instruction abort",
	[0x22] = "PC alignment fault",
	[0x24] = "data abort from lower EL",
	[0x25] = "data abort",
	[0x26] = "SP alignment fault",
	[0x2f] = "SError",
	[0x30] = "breakpoint from lower EL",
	[0x31] = "breakpoint",
	[0x32] = "software step from lower EL",
	[0x33] = "software step",
	[0x34] = "watchpoint from lower EL",
	[0x35] = "watchpoint",
	[0x3c] = "BRK instruction",
};

/* Vector slot = origin * 4 + kind, in the order of the table in entry.S. */
static const char *const slot_origin[4] = {"EL1t", "EL1h", "EL0 AArch64",
					   "EL0 AArch32"};
static const char *const slot_kind[4] = {"sync", "IRQ", "FIQ", "SError"};

static const char *fault_name(unsigned long slot, unsigned long esr)
{
	static const char *const async[4] = {NULL, "unexpected IRQ",
					     "unexpected FIQ", "SError"};
	const char *name;

	if (slot % 4)
		return async[slot % 4];
	name = ec_names[ESR_EC(esr)];
	return name ? name : "synchronous exception";
}

void arm64_fault(unsigned long slot, unsigned long esr, unsigned long elr,
		 unsigned long far, unsigned long lr, unsigned long sp)
{
	unsigned int cpu = arch_cpu_id();
	unsigned int *depth = &fault_depth[cpu < CONFIG_NR_CPUS ? cpu : 0];
	struct fault_info fi = {
		.what = fault_name(slot, esr),
		.pc = elr,
		.cause = esr,
		.addr = far,
	};

	switch (++*depth) {
	case 1:
		printk("arm64: %s exception from %s, lr=0x%lx sp=0x%lx\n",
		       slot_kind[slot % 4], slot_origin[slot / 4 % 4], lr, sp);
		fault_report(&fi);
	case 2:
		/* Printing faulted: still leave with the fault status. */
		board_exit(EXIT_FAULT);
	case 3:
		/* The exit device faulted (no semihosting): power off. */
		psci_system_off();
		/* fall through */
	default:
		for (;;)
			__asm__ __volatile__("wfi");
	}
}
