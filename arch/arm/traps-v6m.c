// SPDX-License-Identifier: MIT
/*
 * ARMv6-M faults: every fault is a HardFault, and v6-M has no fault
 * status or address registers, so the report is the exception and the
 * pc the core stacked. Nothing here returns.
 */
#include <baremm/arch.h>
#include <baremm/board.h>
#include <baremm/exit.h>

/* Exception numbers, as in IPSR. */
#define EXC_NMI	      2
#define EXC_HARDFAULT 3
#define EXC_IRQ0      16

#define FRAME_PC 6 /* r0-r3, r12, lr, pc, xpsr */

void __noreturn v6m_fault(const u32 *frame, u32 ipsr);

static unsigned int fault_depth;

/*
 * The first fault is reported; one taken while reporting only exits. A
 * fault in this HardFault handler locks the core up, and QEMU then exits
 * with status 134: never a hang. v6-M cannot tell whether stacking the
 * frame failed, so the pc is read only from a frame inside the image's
 * stacks.
 */
void v6m_fault(const u32 *frame, u32 ipsr)
{
	struct fault_info fi = {0};
	u32 exc = ipsr & 0x3f;

	if (++fault_depth == 1) {
		fi.what = exc == EXC_HARDFAULT ? "hard fault"
			  : exc == EXC_NMI     ? "NMI"
			  : exc >= EXC_IRQ0    ? "unexpected IRQ"
					       : "unexpected exception";
		fi.cause = exc;
		if ((uintptr_t)frame >= (uintptr_t)__image_start &&
		    (uintptr_t)(frame + 8) <= (uintptr_t)__image_end)
			fi.pc = frame[FRAME_PC];
		fault_report(&fi);
	}
	board_exit(EXIT_FAULT);
}
