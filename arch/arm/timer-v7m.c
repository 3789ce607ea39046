// SPDX-License-Identifier: MIT
/*
 * The ARMv7-M periodic tick (include/baremm/irq.h): SysTick, which already
 * interrupts at each wrap to keep arch_counter() going (cpu-v7m.c), wraps
 * every period instead and calls the handler from its exception. The
 * exception priority is left at its reset value, as the faults' are.
 */
#include <baremm/arch.h>
#include <baremm/errno.h>
#include <baremm/irq.h>
#include <asm/v7m.h>

#define SYSTICK_MAX (1u << 24) /* cycles: the counter alone */

static void (*tick_handler)(void);
static unsigned long irq_flags; /* PRIMASK before arch_timer_start() */

int arch_timer_start(unsigned long period_us, void (*handler)(void))
{
	u64 cycles = (u64)period_us * arch_counter_freq() / 1000000u;
	int err;

	if (!handler || cycles > SYSTICK_MAX)
		return -EINVAL;
	if (tick_handler)
		return -EBUSY;
	err = v7m_systick_set((u32)cycles, handler);
	if (err)
		return err;
	tick_handler = handler;
	irq_flags = arch_irq_save();
	__asm__ __volatile__("cpsie i" ::: "memory");
	return 0;
}

void arch_timer_stop(void)
{
	if (!tick_handler)
		return;
	arch_irq_save();
	v7m_systick_set(SYSTICK_MAX, NULL);
	tick_handler = NULL;
	arch_irq_restore(irq_flags);
}
