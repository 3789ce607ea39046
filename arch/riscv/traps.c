// SPDX-License-Identifier: MIT
/*
 * RISC-V trap decoding: turn mcause, mepc and mtval into a fault report.
 * Every trap that comes here is fatal: interrupts the timer expects go to
 * riscv_irq() (timer.c) instead, and come here only when nobody expects
 * them.
 */
#include <baremm/arch.h>
#include <baremm/board.h>
#include <baremm/exit.h>
#include <asm/csr.h>
#include <asm/traps.h>

static const char *const exc_names[16] = {
	[0] = "instruction address misaligned",
	[1] = "instruction access fault",
	[2] = "illegal instruction",
	[3] = "breakpoint",
	[4] = "load address misaligned",
	[5] = "load access fault",
	[6] = "store address misaligned",
	[7] = "store access fault",
	[8] = "ecall from U-mode",
	[9] = "ecall from S-mode",
	[11] = "ecall from M-mode",
	[12] = "instruction page fault",
	[13] = "load page fault",
	[15] = "store page fault",
};

static bool in_fault;

/* mtval is the faulting address, or for illegal instructions their bits. */
void riscv_trap(unsigned long mcause, unsigned long mepc, unsigned long mtval)
{
	struct fault_info fi = {
		.what = "exception",
		.pc = mepc,
		.cause = mcause,
		.addr = mtval,
	};

	/* A trap while reporting would overwrite mepc: stop instead. */
	if (in_fault)
		board_exit(EXIT_FAULT);
	in_fault = true;
	if (mcause & MCAUSE_INT)
		fi.what = "unexpected interrupt";
	else if (mcause < ARRAY_SIZE(exc_names) && exc_names[mcause])
		fi.what = exc_names[mcause];
	fault_report(&fi);
}
