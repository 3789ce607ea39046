// SPDX-License-Identifier: MIT
/*
 * ARMv7-M CPU primitives for libmm.a: one CPU and IRQ masking with
 * PRIMASK (inline in <asm/irqflags.h>, out of line in lib/irqflags.c),
 * SysTick extended to a 64-bit counter, and the semihosting trap. ARMv6-M
 * builds this file too: nothing in it needs Thumb-2, and SysTick, optional
 * there, stays off (the counter reads 0) unless the board starts it.
 *
 * The cycle counter DWT_CYCCNT would be the natural arch_counter(), but
 * QEMU 7.2 implements it as read-as-zero even with DEMCR.TRCENA and
 * DWT_CTRL.CYCCNTENA set, so SysTick (24 bits, counting down at the
 * processor clock) is used instead, and its wraps are counted in software.
 * The same wraps are the periodic tick of arch_timer_start() (timer-v7m.c)
 * when it shortens the period.
 */
#include <baremm/arch.h>
#include <baremm/errno.h>
#include <asm/semihost.h>
#include <asm/v7m.h>

#define SYST_CSR_ENABLE	   (1u << 0)
#define SYST_CSR_TICKINT   (1u << 1)
#define SYST_CSR_CLKSOURCE (1u << 2) /* processor clock */
#define SYST_WRAP	   (1u << 24)

/*
 * The counter is systick_base plus the cycles SysTick has counted down in
 * the current period of systick_period cycles (RVR + 1). The period is
 * the full 24 bits, except while v7m_systick_set() runs a tick handler.
 */
static u32 systick_hz;			/* 0 until v7m_counter_start() */
static u32 systick_period = SYST_WRAP;	/* written with interrupts masked */
static volatile u64 systick_base;	/* cycles up to the last wrap counted */
static void (*systick_hook)(void);	/* v7m_systick_set()'s handler */

/*
 * Restart SysTick with @period cycles a wrap, the counter going on from
 * @base. Interrupts masked. The counter reads 0 until its first reload,
 * which arch_counter() would take for the end of a period: wait for the
 * reload (QEMU takes a few ms), bounded in case the counter never runs.
 * The cycles of that wait are not counted.
 */
static void systick_restart(u32 period, u64 base)
{
	v7m_write(V7M_SYST_CSR, 0);
	v7m_write(V7M_SYST_RVR, period - 1);
	v7m_write(V7M_SYST_CVR, 0); /* any write clears it */
	v7m_write(V7M_SYST_CSR,
		  SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE);
	for (u32 i = 0; i < SYST_WRAP && !v7m_read(V7M_SYST_CVR); i++)
		;
	v7m_write(V7M_ICSR, V7M_ICSR_PENDSTCLR);
	systick_period = period;
	systick_base = base;
}

void v7m_counter_start(u32 cpu_hz)
{
	unsigned long flags = arch_local_irq_save();

	systick_restart(SYST_WRAP, 0);
	systick_hz = cpu_hz;
	arch_local_irq_restore(flags);
}

int v7m_systick_set(u32 period, void (*hook)(void))
{
	unsigned long flags;

	if (!systick_hz)
		return -ENODEV;
	if (period < 2 || period > SYST_WRAP)
		return -EINVAL;
	flags = arch_local_irq_save();
	systick_restart(period, arch_counter());
	systick_hook = hook;
	arch_local_irq_restore(flags);
	return 0;
}

/*
 * A wrap: count its cycles, then run the tick handler if there is one.
 * A wrap that came while the handler ran (and has reloaded, see
 * arch_counter) is counted too, but its tick is dropped, so that a handler
 * slower than the period cannot keep the core in Handler mode.
 */
void v7m_systick_handler(void)
{
	systick_base += systick_period;
	if (!systick_hook)
		return;
	systick_hook();
	if ((v7m_read(V7M_ICSR) & V7M_ICSR_PENDSTSET) &&
	    v7m_read(V7M_SYST_CVR)) {
		v7m_write(V7M_ICSR, V7M_ICSR_PENDSTCLR);
		systick_base += systick_period;
	}
}

/*
 * SysTick counts RVR .. 0 and sets the wrap pending on reaching 0; it
 * reloads on the next tick. A reading of 0 is therefore the end of a
 * period, wrap pending or not: QEMU even reads 0 for a while after the
 * period has ended and before it pends the wrap. With interrupts masked a
 * wrap may be pending and not counted yet: count it here once the counter
 * has reloaded, and read the counter again so the pair (base, cur) is
 * from after the wrap. That keeps the result monotonic, correct as long
 * as interrupts are never masked for two wraps (2^24 cycles, 0.67 s at
 * 25 MHz; one wrap is lost, and the counter is behind, for each period
 * beyond that while a tick handler runs with a short period).
 */
u64 arch_counter(void)
{
	unsigned long flags;
	u32 period, cur;
	u64 base;

	if (!systick_hz)
		return 0;
	flags = arch_local_irq_save();
	base = systick_base;
	period = systick_period;
	cur = v7m_read(V7M_SYST_CVR);
	if (v7m_read(V7M_ICSR) & V7M_ICSR_PENDSTSET) {
		cur = v7m_read(V7M_SYST_CVR);
		if (cur)
			base += period;
	}
	arch_local_irq_restore(flags);
	return base + (period - 1 - cur);
}

u64 arch_counter_freq(void)
{
	return systick_hz;
}

void arch_cpu_relax(void)
{
	__asm__ __volatile__("" ::: "memory");
}

long arm_semihost(unsigned long op, const void *arg)
{
	register unsigned long r0 __asm__("r0") = op;
	register const void *r1 __asm__("r1") = arg;

	__asm__ __volatile__("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
	return (long)r0;
}
