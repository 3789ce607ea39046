// SPDX-License-Identifier: MIT
/*
 * The MIPS32 periodic tick (include/baremm/irq.h): the CP0 timer, which
 * raises IP7 when Count reaches Compare. irq_entry (head.S) calls
 * mips_irq() here for every interrupt; Compare is moved one period past
 * Count when the handler returns, which also drops the interrupt. Only
 * IM7 is unmasked, so no other line of the board can interrupt.
 */
#include <baremm/arch.h>
#include <baremm/errno.h>
#include <baremm/irq.h>
#include <asm/cp0.h>
#include <asm/traps.h>

void mips_irq(unsigned long cause, unsigned long epc);

static void (*tick_handler)(void);
static u32 tick_period;		/* Count ticks */
static unsigned long irq_flags;	/* Status.IE before arch_timer_start() */

/*
 * Compare := one period from now, and make sure Count has not passed it
 * by the time the write took effect: then it would not match again for
 * 2^32 ticks, and the tick would be lost (Linux's r4k clockevent checks
 * the same). Under QEMU this is no theory: its Compare write can wait for
 * QEMU's global lock longer than a period while the timer expires, and
 * the write then drops that expiry's interrupt.
 */
static void compare_set_next(void)
{
	u32 next;

	do {
		next = read_c0_count() + tick_period;
		write_c0_compare(next);
	} while ((s32)(read_c0_count() - next) >= 0);
}

void mips_irq(unsigned long cause, unsigned long epc)
{
	unsigned long pending = cause & read_c0_status() & CAUSEF_IP;

	if (!pending)
		return; /* spurious: the line dropped before we got here */
	if (pending != CAUSEF_IP7 || !tick_handler)
		mips_exception(cause, epc, 0, VEC_GENERAL);
	tick_handler();
	compare_set_next();
}

int arch_timer_start(unsigned long period_us, void (*handler)(void))
{
	/* Count runs at some MHz: whole MHz keep the period in 32 bits. */
	u32 mhz = (u32)(arch_counter_freq() / 1000000u);

	if (!mhz)
		return -ENODEV; /* the board has not said its clock */
	if (!handler || !period_us || period_us > INT32_MAX / mhz)
		return -EINVAL;
	if (tick_handler)
		return -EBUSY;
	irq_flags = arch_irq_save();
	tick_period = (u32)period_us * mhz;
	tick_handler = handler;
	compare_set_next();
	write_c0_status((read_c0_status() & ~ST0_IM) | ST0_IM7);
	arch_irq_restore(ST0_IE);
	return 0;
}

void arch_timer_stop(void)
{
	if (!tick_handler)
		return;
	arch_irq_save();
	write_c0_status(read_c0_status() & ~ST0_IM);
	write_c0_compare(read_c0_count() - 1); /* no match for 2^32 ticks */
	tick_handler = NULL;
	arch_irq_restore(irq_flags);
}
