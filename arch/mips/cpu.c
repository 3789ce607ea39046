// SPDX-License-Identifier: MIT
/*
 * MIPS32r2 CPU primitives for the kernel and libmm.a: CPU id and interrupt
 * masking with di/ei (inline in <asm/irqflags.h>, out of line in
 * lib/irqflags.c), and the CP0 Count cycle counter widened to 64 bits.
 * The Malta ports are single-CPU.
 */
#include <baremm/arch.h>
#include <baremm/errno.h>
#include <asm/boot.h>
#include <asm/cp0.h>

/*
 * Count is 32 bits and wraps every 2^32 ticks (27 s at QEMU Malta's
 * 160 MHz); the high word counts the wraps seen. That needs a reader at
 * least once per wrap, and one CPU: both hold for these boards.
 */
static u32 count_hi, count_last;

u64 arch_counter(void)
{
	unsigned long flags = arch_local_irq_save();
	u32 now = read_c0_count();
	u64 v;

	if (now < count_last)
		count_hi++;
	count_last = now;
	v = (u64)count_hi << 32 | now;
	arch_local_irq_restore(flags);
	return v;
}

static u32 cpu_hz;

void mips_set_cpu_hz(u32 hz)
{
	cpu_hz = hz;
}

/* Count advances once every CCRes cycles (hardware register 3). */
u64 arch_counter_freq(void)
{
	unsigned long ccres;

	__asm__ __volatile__("rdhwr %0, $3" : "=r"(ccres));
	return ccres ? cpu_hz / ccres : cpu_hz;
}

void arch_cpu_relax(void)
{
	/* Not pause: it waits for LLbit to clear, maybe forever on one CPU. */
	__asm__ __volatile__("nop" ::: "memory");
}

int arch_cpu_start(unsigned int cpu)
{
	(void)cpu;
	return -ENOSYS;
}
