// SPDX-License-Identifier: MIT
/*
 * The ARMv7-A periodic tick (include/baremm/irq.h): the generic timer's
 * virtual timer (CNTV, counting the arch_counter() clock) raises PPI 27
 * through the GICv2, and vector_irq (head-v7a.S) calls arm_irq() here.
 * The timer is reloaded when the handler returns: TVAL counts one period
 * down from then.
 */
#include <baremm/arch.h>
#include <baremm/errno.h>
#include <baremm/gic.h>
#include <baremm/irq.h>
#include <asm/traps.h>

#define CNTV_CTL_ENABLE (1u << 0)

static void (*tick_handler)(void);
static u32 tick_period;		/* counter ticks */
static unsigned long irq_flags;	/* CPSR before arch_timer_start() */

static void cntv_set_tval(u32 ticks)
{
	__asm__ __volatile__("mcr p15, 0, %0, c14, c3, 0" : : "r"(ticks));
}

static void cntv_set_ctl(u32 ctl)
{
	__asm__ __volatile__("mcr p15, 0, %0, c14, c3, 1\n\tisb"
			     :
			     : "r"(ctl)
			     : "memory");
}

void arm_irq(const struct arm_irq_frame *frame)
{
	u32 iar = gic_ack();
	u32 intid = iar & GICC_IAR_INTID;

	if (intid == GIC_SPURIOUS)
		return;
	if (intid == GIC_SGI_WAKE) {
		/* arch_cpu_send_event() on another CPU: nothing to do here. */
		gic_eoi(iar);
		return;
	}
	if (intid != GIC_PPI_VIRT_TIMER || !tick_handler)
		arm_exception(VEC_IRQ, frame->pc + 4, frame->spsr);
	tick_handler();
	cntv_set_tval(tick_period); /* also drops the timer's interrupt */
	gic_eoi(iar);
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
	__asm__ __volatile__("cpsie i" ::: "memory");
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
