// SPDX-License-Identifier: MIT
/*
 * ARMv7-M faults: enable the configurable fault handlers so each fault
 * arrives as itself rather than as a HardFault, guard the vector table's
 * page with the MPU, and turn the stacked frame and the fault status
 * registers into a struct fault_info for fault_report(). Nothing here
 * returns.
 */
#include <baremm/arch.h>
#include <baremm/bitops.h>
#include <baremm/board.h>
#include <baremm/exit.h>
#include <asm/v7m.h>

/* Exception numbers, as in IPSR. */
#define EXC_NMI	       2
#define EXC_HARDFAULT  3
#define EXC_MEMMANAGE  4
#define EXC_BUSFAULT   5
#define EXC_USAGEFAULT 6
#define EXC_SVCALL     11
#define EXC_DEBUGMON   12
#define EXC_PENDSV     14
#define EXC_IRQ0       16

#define FRAME_PC 6 /* r0-r3, r12, lr, pc, xpsr */

#define MPU_CTRL_ENABLE	    (1u << 0)
#define MPU_CTRL_PRIVDEFENA (1u << 2) /* default map elsewhere */
#define MPU_RASR_ENABLE	    (1u << 0)
#define MPU_RASR_SIZE(log2) (((log2)-1) << 1)
#define MPU_RASR_AP_NONE    (0u << 24)
#define MPU_RASR_XN	    (1u << 28)

/* Stacking or unstacking failed: the frame is not there to read. */
#define CFSR_FRAME_BAD ((1u << 3) | (1u << 4) | (1u << 11) | (1u << 12))

void v7m_traps_init(void);
void __noreturn v7m_fault(const u32 *frame, u32 ipsr);

static unsigned int fault_depth;

extern const u32 __vectors[];

/*
 * Make the vector table's page no-access with MPU region 0, the rest of
 * the map staying the default one. Vector fetches bypass the MPU, and
 * head-v7m.S keeps everything else out of the page, so the only accesses
 * that trap are stray ones: with the image at 0, NULL pointers and small
 * offsets from them. The MPU is optional on v7-M; without it, no guard.
 */
static void guard_vectors(void)
{
	if (!(v7m_read(V7M_MPU_TYPE) & 0xff00))
		return;
	v7m_write(V7M_MPU_RNR, 0);
	v7m_write(V7M_MPU_RBAR, (u32)(uintptr_t)__vectors);
	v7m_write(V7M_MPU_RASR, MPU_RASR_XN | MPU_RASR_AP_NONE |
					MPU_RASR_SIZE(ilog2(V7M_VECTOR_GUARD)) |
					MPU_RASR_ENABLE);
	v7m_write(V7M_MPU_CTRL, MPU_CTRL_ENABLE | MPU_CTRL_PRIVDEFENA);
}

void v7m_traps_init(void)
{
	v7m_write(V7M_VTOR, (u32)(uintptr_t)__vectors);
	v7m_write(V7M_SHCSR, v7m_read(V7M_SHCSR) | V7M_SHCSR_MEMFAULTENA |
				     V7M_SHCSR_BUSFAULTENA |
				     V7M_SHCSR_USGFAULTENA);
	/*
	 * Trap integer division by zero (udiv/sdiv return 0 otherwise).
	 * UNALIGN_TRP stays off: the code is built -mno-unaligned-access,
	 * and v7-M allows unaligned single loads and stores anyway.
	 */
	v7m_write(V7M_CCR, v7m_read(V7M_CCR) | V7M_CCR_DIV_0_TRP);
	guard_vectors();
	__asm__ __volatile__("dsb\n\tisb" ::: "memory");
}

/* The first cause CFSR names, most specific first. */
static const char *cfsr_what(u32 cfsr)
{
	static const struct {
		u32 bit;
		const char *what;
	} causes[] = {
		{1u << 16, "undefined instruction"},
		{1u << 17, "invalid state (Thumb bit clear)"},
		{1u << 18, "invalid exception return"},
		{1u << 19, "no coprocessor"},
		{1u << 24, "unaligned access"},
		{1u << 25, "division by zero"},
		{1u << 0, "instruction access violation"},
		{1u << 1, "data access violation"},
		{1u << 3, "memory fault on exception return"},
		{1u << 4, "memory fault on exception entry"},
		{1u << 8, "instruction bus error"},
		{1u << 9, "precise data bus error"},
		{1u << 10, "imprecise data bus error"},
		{1u << 11, "bus fault on exception return"},
		{1u << 12, "bus fault on exception entry"},
	};

	for (unsigned int i = 0; i < ARRAY_SIZE(causes); i++)
		if (cfsr & causes[i].bit)
			return causes[i].what;
	return NULL;
}

static const char *exception_name(u32 exc)
{
	switch (exc) {
	case EXC_NMI:
		return "NMI";
	case EXC_HARDFAULT:
		return "hard fault";
	case EXC_MEMMANAGE:
		return "memory management fault";
	case EXC_BUSFAULT:
		return "bus fault";
	case EXC_USAGEFAULT:
		return "usage fault";
	case EXC_SVCALL:
		return "unexpected SVC";
	case EXC_DEBUGMON:
		return "debug monitor exception";
	case EXC_PENDSV:
		return "unexpected PendSV";
	default:
		return exc >= EXC_IRQ0 ? "unexpected IRQ"
				       : "unexpected exception";
	}
}

static void decode(struct fault_info *fi, const u32 *frame, u32 exc)
{
	u32 cfsr = v7m_read(V7M_CFSR);
	u32 hfsr = v7m_read(V7M_HFSR);
	bool configurable = exc >= EXC_MEMMANAGE && exc <= EXC_USAGEFAULT;
	const char *what = cfsr_what(cfsr);

	fi->what = exception_name(exc);
	/*
	 * A fault with PRIMASK set, or one in a fault handler, escalates to
	 * HardFault (HFSR.FORCED): report the fault CFSR says it was.
	 */
	if (configurable ||
	    (exc == EXC_HARDFAULT && (hfsr & V7M_HFSR_FORCED))) {
		fi->cause = cfsr;
		if (what)
			fi->what = what;
	} else if (exc == EXC_HARDFAULT) {
		fi->cause = hfsr; /* VECTTBL, DEBUGEVT (bkpt) */
	}
	if (cfsr & V7M_CFSR_BFARVALID)
		fi->addr = v7m_read(V7M_BFAR);
	else if (cfsr & V7M_CFSR_MMARVALID)
		fi->addr = v7m_read(V7M_MMFAR);
	if (!(cfsr & CFSR_FRAME_BAD))
		fi->pc = frame[FRAME_PC];
}

/*
 * The first fault is reported; one taken while reporting (it escalates to
 * HardFault) only exits. A fault in this HardFault handler locks the core
 * up, and QEMU then exits with status 134: never a hang.
 */
void v7m_fault(const u32 *frame, u32 ipsr)
{
	struct fault_info fi = {0};

	if (++fault_depth == 1) {
		decode(&fi, frame, ipsr & 0x1ff);
		fault_report(&fi);
	}
	board_exit(EXIT_FAULT);
}
