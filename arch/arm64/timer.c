// SPDX-License-Identifier: MIT
/*
 * The AArch64 periodic tick (include/baremm/irq.h): the generic timer's
 * EL1 virtual timer (CNTV, counting the arch_counter() clock) raises PPI
 * 27 through the GICv2 (arch/arm/gic-v2.c, shared with 32-bit Arm), and
 * irq_entry (entry.S) calls arm64_irq() here. The timer is reloaded when
 * the handler returns: TVAL counts one period down from then.
 */
#include <baremm/arch.h>
#include <baremm/errno.h>
#include <baremm/gic.h>
#include <baremm/irq.h>
#include <asm/traps.h>

#define CNTV_CTL_ENABLE (1u << 0)

static void (*tick_handler)(void);
static u32 tick_period;		/* counter ticks */
static unsigned long irq_flags;	/* DAIF before arch_timer_start() */

static void cntv_set_tval(u64 ticks)
{
	__asm__ __volatile__("msr cntv_tval_el0, %0" : : "r"(ticks));
}

static void cntv_set_ctl(u64 ctl)
{
	__asm__ __volatile__("msr cntv_ctl_el0, %0\n\tisb"
			     :
			     : "r"(ctl)
			     : "memory");
}

void arm64_irq(const struct arm64_irq_frame *frame)
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
	if (intid != GIC_PPI_VIRT_TIMER || !tick_handler) {
		unsigned long esr, far;

		__asm__ __volatile__("mrs %0, esr_el1\n\tmrs %1, far_el1"
				     : "=r"(esr), "=r"(far));
		arm64_fault(ARM64_SLOT_EL1H_IRQ, esr, frame->elr, far,
			    frame->lr, (unsigned long)(frame + 1));
	}
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
	__asm__ __volatile__("msr daifclr, #2" ::: "memory"); /* IRQ */
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
