// SPDX-License-Identifier: MIT
/*
 * MIPS exception decoding: turn Cause, EPC and BadVAddr into a fault
 * report. Every exception that comes here is fatal: interrupts the timer
 * expects go to mips_irq() (timer.c) instead, and come here only when
 * nobody expects them.
 */
#include <baremm/arch.h>
#include <baremm/board.h>
#include <baremm/exit.h>
#include <asm/cp0.h>
#include <asm/traps.h>

static const char *const exc_names[32] = {
	[0] = "interrupt",
	[1] = "TLB modified",
	[2] = "TLB miss on load or fetch",
	[3] = "TLB miss on store",
	[4] = "address error on load or fetch",
	[5] = "address error on store",
	[6] = "bus error on fetch",
	[7] = "bus error on data",
	[8] = "syscall",
	[9] = "breakpoint",
	[10] = "reserved instruction",
	[11] = "coprocessor unusable",
	[12] = "arithmetic overflow",
	[13] = "trap",
	[15] = "floating point",
	[23] = "watch",
	[24] = "machine check",
	[30] = "cache error",
};

/* BadVAddr holds the faulting address only for these ExcCodes. */
static bool exc_has_badvaddr(unsigned int code)
{
	return code >= 1 && code <= 5;
}

static bool in_fault;

void mips_exception(unsigned long cause, unsigned long epc,
		    unsigned long badvaddr, unsigned long vec)
{
	unsigned int code = CAUSE_EXCCODE(cause);
	struct fault_info fi = {
		.what = exc_names[code] ? exc_names[code] : "exception",
		.pc = epc,
		.cause = cause,
		.addr = exc_has_badvaddr(code) ? badvaddr : 0,
	};

	/*
	 * Status.EXL stays set, so a fault while reporting re-enters the
	 * general vector with EPC unchanged: stop instead of looping.
	 */
	if (in_fault)
		board_exit(EXIT_FAULT);
	in_fault = true;
	if (vec == VEC_TLB_REFILL)
		fi.what = code == 3 ? "TLB refill on store"
				    : "TLB refill on load or fetch";
	else if (vec == VEC_CACHE_ERR)
		fi.what = "cache error";
	fault_report(&fi);
}
