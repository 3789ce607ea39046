// SPDX-License-Identifier: MIT
/*
 * The periodic tick of ARMv7-A and AArch64 (include/baremm/irq.h): the
 * generic timer's virtual timer (CNTV, counting the arch_counter() clock)
 * raises PPI 27 through the GICv2. Each arch's IRQ entry calls
 * gic_timer_irq(); the registers differ only in how they are reached
 * (asm/arch_timer.h). The timer is reloaded when the handler returns:
 * TVAL counts one period down from then.
 */
#include <baremm/arch.h>
#include <baremm/errno.h>
#include <baremm/gic.h>
#include <baremm/irq.h>
#include <asm/arch_timer.h>

#define CNTV_CTL_ENABLE (1u << 0)

static void (*tick_handler)(void);
static u32 tick_period;		/* counter ticks */
static unsigned long irq_flags;	/* IRQ mask before arch_timer_start() */

bool gic_timer_irq(void)
{
	u32 iar = gic_ack();
	u32 intid = iar & GICC_IAR_INTID;

	if (intid == GIC_SPURIOUS)
		return true;
	if (intid == GIC_SGI_WAKE) {
		/* arch_cpu_send_event() on another CPU: nothing to do here. */
		gic_eoi(iar);
		return true;
	}
	if (intid != GIC_PPI_VIRT_TIMER || !tick_handler)
		return false;
	tick_handler();
	cntv_set_tval(tick_period); /* also drops the timer's interrupt */
	gic_eoi(iar);
	return true;
}

int arch_timer_start(unsigned long period_us, void (*handler)(void))
{
	u64 ticks = (u64)period_us * arch_counter_freq() / 1000000u;
	int err;

	if (!handler || !ticks || ticks > INT32_MAX)
		return -EINVAL; /* TVAL is a signed 32-bit count */
	if (tick_handler)
		return -EBUSY;
	err = gic_cpu_init();
	if (err)
		return err;
	irq_flags = arch_irq_save();
	tick_period = (u32)ticks;
	tick_handler = handler;
	gic_local_enable(GIC_PPI_VIRT_TIMER);
	cntv_set_tval(tick_period);
	cntv_set_ctl(CNTV_CTL_ENABLE);
	cpu_irq_enable();
	return 0;
}

void arch_timer_stop(void)
{
	if (!tick_handler)
		return;
	arch_irq_save();
	cntv_set_ctl(0);
	gic_local_disable(GIC_PPI_VIRT_TIMER);
	tick_handler = NULL;
	arch_irq_restore(irq_flags);
}
