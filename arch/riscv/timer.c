// SPDX-License-Identifier: MIT
/*
 * The RISC-V periodic tick (include/baremm/irq.h): the M-mode timer
 * interrupt, raised while the time CSR (mtime, the arch_counter() clock)
 * is at or past this hart's mtimecmp in the CLINT. The CLINT is found in
 * the device tree ("/soc/clint", riscv,clint0). irq_entry (head.S) calls
 * riscv_irq() here; mtimecmp is moved one period past mtime when the
 * handler returns, which also drops the interrupt.
 */
#include <baremm/arch.h>
#include <baremm/board.h>
#include <baremm/errno.h>
#include <baremm/fdt.h>
#include <baremm/irq.h>
#include <asm/csr.h>
#include <asm/traps.h>

#define CLINT_MTIMECMP 0x4000 /* + 8 * hart: 64 bits each */

static volatile u32 *mtimecmp;	/* this hart's, as two 32-bit halves */
static void (*tick_handler)(void);
static u64 tick_period;		/* mtime ticks */
static unsigned long irq_flags;	/* mstatus.MIE before arch_timer_start() */

/* The CLINT's base: the first address of its reg, in /soc's cells. */
static int clint_probe(void)
{
	const void *ac;
	const u8 *reg;
	u32 acells = 2, len;
	u64 base;

	if (!board_dtb)
		return -ENODEV;
	reg = fdt_getprop(board_dtb, "/soc/clint", "reg", &len);
	ac = fdt_getprop(board_dtb, "/soc", "#address-cells", NULL);
	if (ac)
		acells = fdt32_to_cpu(ac);
	if (!reg || acells < 1 || acells > 2 || len < 4 * acells)
		return -ENODEV;
	base = fdt_read_cells(reg, acells) + CLINT_MTIMECMP +
	       8 * (u64)arch_cpu_id();
	if (base >> 32)
		return -ENODEV;
	mtimecmp = (volatile u32 *)(uintptr_t)base;
	return 0;
}

/* Never a moment with a compare value below both the old and the new. */
static void set_mtimecmp(u64 when)
{
	mtimecmp[1] = 0xffffffffu;
	mtimecmp[0] = (u32)when;
	mtimecmp[1] = (u32)(when >> 32);
}

void riscv_irq(unsigned long mcause, unsigned long mepc, unsigned long mtval)
{
	if (mcause != MCAUSE_MTI || !tick_handler)
		riscv_trap(mcause, mepc, mtval);
	tick_handler();
	set_mtimecmp(arch_counter() + tick_period);
}

int arch_timer_start(unsigned long period_us, void (*handler)(void))
{
	u64 ticks = (u64)period_us * arch_counter_freq() / 1000000u;

	if (!arch_counter_freq())
		return -ENODEV; /* no timebase-frequency from the board */
	if (!handler || !ticks)
		return -EINVAL;
	if (tick_handler)
		return -EBUSY;
	if (!mtimecmp && clint_probe())
		return -ENODEV;
	irq_flags = arch_irq_save();
	tick_period = ticks;
	tick_handler = handler;
	set_mtimecmp(arch_counter() + tick_period);
	csr_set(mie, MIE_MTIE);
	csr_set(mstatus, MSTATUS_MIE);
	return 0;
}

void arch_timer_stop(void)
{
	if (!tick_handler)
		return;
	arch_irq_save();
	csr_clear(mie, MIE_MTIE);
	set_mtimecmp(~0ull);
	tick_handler = NULL;
	arch_irq_restore(irq_flags);
}
