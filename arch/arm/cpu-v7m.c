// SPDX-License-Identifier: MIT
/*
 * ARMv7-M CPU primitives for libmm.a: one CPU, IRQ masking with PRIMASK,
 * SysTick extended to a 64-bit counter, and the semihosting trap.
 *
 * The cycle counter DWT_CYCCNT would be the natural arch_counter(), but
 * QEMU 7.2 implements it as read-as-zero even with DEMCR.TRCENA and
 * DWT_CTRL.CYCCNTENA set, so SysTick (24 bits, counting down at the
 * processor clock) is used instead, and its wraps are counted in software.
 */
#include <baremm/arch.h>
#include <asm/semihost.h>
#include <asm/v7m.h>

#define SYST_CSR_ENABLE	   (1u << 0)
#define SYST_CSR_TICKINT   (1u << 1)
#define SYST_CSR_CLKSOURCE (1u << 2) /* processor clock */
#define SYST_WRAP	   (1u << 24)

static u32 systick_hz;		   /* 0 until v7m_counter_start() */
static volatile u32 systick_wraps; /* written by the SysTick handler */

unsigned int arch_cpu_id(void)
{
	return 0;
}

unsigned long arch_irq_save(void)
{
	unsigned long flags;

	__asm__ __volatile__("mrs %0, primask\n\tcpsid i"
			     : "=r"(flags)
			     :
			     : "memory");
	return flags;
}

void arch_irq_restore(unsigned long flags)
{
	__asm__ __volatile__("msr primask, %0" : : "r"(flags) : "memory");
}

void v7m_counter_start(u32 cpu_hz)
{
	unsigned long flags = arch_irq_save();

	v7m_write(V7M_SYST_CSR, 0);
	v7m_write(V7M_SYST_RVR, SYST_WRAP - 1);
	v7m_write(V7M_SYST_CVR, 0); /* any write clears it */
	v7m_write(V7M_SYST_CSR,
		  SYST_CSR_ENABLE | SYST_CSR_TICKINT | SYST_CSR_CLKSOURCE);
	/*
	 * The counter reads 0 until its first reload, which arch_counter()
	 * would take for the end of a period: wait for the reload (QEMU takes
	 * a few ms), bounded in case the counter never runs.
	 */
	for (u32 i = 0; i < SYST_WRAP && !v7m_read(V7M_SYST_CVR); i++)
		;
	v7m_write(V7M_ICSR, V7M_ICSR_PENDSTCLR);
	systick_wraps = 0;
	systick_hz = cpu_hz;
	arch_irq_restore(flags);
}

void v7m_systick_handler(void)
{
	systick_wraps++;
}

/*
 * SysTick counts RVR .. 0 and sets the wrap pending on reaching 0; it
 * reloads on the next tick. A reading of 0 is therefore the end of a
 * period, wrap pending or not: QEMU even reads 0 for a while after the
 * period has ended and before it pends the wrap. With interrupts masked a
 * wrap may be pending and not counted yet: count it here once the counter
 * has reloaded, and read the counter again so the pair (wraps, cur) is
 * from after the wrap. That keeps the result monotonic, correct as long
 * as interrupts are never masked for two wraps (2^24 cycles, 0.67 s at
 * 25 MHz).
 */
u64 arch_counter(void)
{
	unsigned long flags;
	u32 wraps, cur;

	if (!systick_hz)
		return 0;
	flags = arch_irq_save();
	wraps = systick_wraps;
	cur = v7m_read(V7M_SYST_CVR);
	if (v7m_read(V7M_ICSR) & V7M_ICSR_PENDSTSET) {
		cur = v7m_read(V7M_SYST_CVR);
		if (cur)
			wraps++;
	}
	arch_irq_restore(flags);
	return (u64)wraps * SYST_WRAP + (SYST_WRAP - 1 - cur);
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
