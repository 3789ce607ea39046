// SPDX-License-Identifier: MIT
/*
 * ARMv7-A exceptions: turn what the vector stub saw (vector number, the
 * exception's lr and spsr) and the CP15 fault registers into a struct
 * fault_info for fault_report(). Nothing here returns. Interrupts the
 * timer expects go to arm_irq() (timer-v7a.c) instead, and come here only
 * when nobody expects them.
 */
#include <baremm/arch.h>
#include <baremm/board.h>
#include <baremm/exit.h>
#include <asm/psci.h>
#include <asm/traps.h>

#define PSR_T_BIT (1u << 5) /* Thumb state at the exception */

/*
 * Exceptions taken on each CPU. The first is reported; one taken while
 * reporting skips the report and only exits; if the exit itself faults
 * (no semihosting host), PSCI SYSTEM_OFF stops QEMU with status 0 rather
 * than letting it hang until the runner's timeout.
 */
static unsigned int fault_depth[CONFIG_NR_CPUS];

static unsigned long read_dfsr(void)
{
	unsigned long v;

	__asm__ __volatile__("mrc p15, 0, %0, c5, c0, 0" : "=r"(v));
	return v;
}

static unsigned long read_dfar(void)
{
	unsigned long v;

	__asm__ __volatile__("mrc p15, 0, %0, c6, c0, 0" : "=r"(v));
	return v;
}

static unsigned long read_ifsr(void)
{
	unsigned long v;

	__asm__ __volatile__("mrc p15, 0, %0, c5, c0, 1" : "=r"(v));
	return v;
}

static unsigned long read_ifar(void)
{
	unsigned long v;

	__asm__ __volatile__("mrc p15, 0, %0, c6, c0, 2" : "=r"(v));
	return v;
}

/*
 * The instruction at @pc, which the CPU has just fetched. A 32-bit Thumb
 * instruction is returned as first halfword << 16 | second halfword.
 */
static unsigned long insn_at(unsigned long pc, bool thumb)
{
	const volatile u16 *hw = (const volatile u16 *)pc;

	if (!thumb)
		return *(const volatile u32 *)pc;
	if (hw[0] < 0xe800)
		return hw[0];
	return (unsigned long)hw[0] << 16 | hw[1];
}

static void decode(struct fault_info *fi, unsigned int vec, unsigned long lr,
		   unsigned long spsr)
{
	bool thumb = spsr & PSR_T_BIT;
	unsigned long insn_len = thumb ? 2 : 4;

	/* lr offsets from the ARM ARM, B1.8.3 "Exception return". */
	switch (vec) {
	case VEC_UNDEF:
		fi->what = "undefined instruction";
		fi->pc = lr - insn_len;
		fi->cause = insn_at(fi->pc, thumb); /* no syndrome: the insn */
		break;
	case VEC_SVC:
		fi->what = "unexpected SVC";
		fi->pc = lr - insn_len;
		fi->cause = insn_at(fi->pc, thumb);
		break;
	case VEC_PABT:
		fi->what = "prefetch abort";
		fi->pc = lr - 4;
		fi->cause = read_ifsr();
		fi->addr = read_ifar();
		break;
	case VEC_DABT:
		fi->what = "data abort";
		fi->pc = lr - 8;
		fi->cause = read_dfsr();
		fi->addr = read_dfar();
		break;
	case VEC_IRQ:
		fi->what = "unexpected IRQ";
		fi->pc = lr - 4;
		break;
	case VEC_FIQ:
		fi->what = "unexpected FIQ";
		fi->pc = lr - 4;
		break;
	case VEC_RESET:
		fi->what = "jump to the reset vector";
		fi->pc = lr;
		break;
	default:
		fi->what = "unexpected exception";
		fi->pc = lr;
		break;
	}
}

void arm_exception(unsigned int vec, unsigned long lr, unsigned long spsr)
{
	unsigned int cpu = arch_cpu_id();
	struct fault_info fi = {0};
	unsigned int depth;

	if (cpu >= CONFIG_NR_CPUS)
		cpu = 0;
	depth = ++fault_depth[cpu];
	if (depth == 1) {
		decode(&fi, vec, lr, spsr);
		fault_report(&fi);
	}
	if (depth == 2)
		board_exit(EXIT_FAULT);
	if (depth == 3)
		psci_system_off();
	for (;;) /* nothing left that can stop the machine */
		__asm__ __volatile__("wfi");
}
