// SPDX-License-Identifier: MIT
/*
 * RISC-V M-mode CPU primitives for the kernel and libmm.a: hart id and
 * interrupt masking through mstatus.MIE (inline in <asm/irqflags.h>, out
 * of line in lib/irqflags.c), and the time CSR as counter. The
 * qemu-virt-rv32 port is single-CPU.
 */
#include <baremm/arch.h>
#include <baremm/errno.h>
#include <asm/boot.h>
#include <asm/csr.h>

/* time is 64 bits in two halves: re-read when the high half moved. */
u64 arch_counter(void)
{
	u32 hi, lo, hi2;

	do {
		hi = (u32)csr_read(timeh);
		lo = (u32)csr_read(time);
		hi2 = (u32)csr_read(timeh);
	} while (hi != hi2);
	return (u64)hi << 32 | lo;
}

static u32 timebase_hz;

void riscv_set_timebase_hz(u32 hz)
{
	timebase_hz = hz;
}

u64 arch_counter_freq(void)
{
	return timebase_hz;
}

void arch_cpu_relax(void)
{
	__asm__ __volatile__("nop" ::: "memory");
}

int arch_cpu_start(unsigned int cpu)
{
	(void)cpu;
	return -ENOSYS;
}
