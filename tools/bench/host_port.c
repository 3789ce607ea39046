// SPDX-License-Identifier: MIT
/*
 * The port a Linux process gives libmm.a in the host benchmark: what
 * include/baremm/arch.h and board.h ask of a port, as arch/host/host.c
 * does it (one CPU, nothing to mask), minus start_kernel. Out-of-line
 * functions, like every real port's, so the allocator pays the same calls
 * it pays on a target.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <baremm/arch.h>
#include <baremm/board.h>
#include <baremm/errno.h>
#include <baremm/printk.h>

unsigned int arch_cpu_id(void)
{
	return 0;
}

unsigned long arch_irq_save(void)
{
	return 0;
}

void arch_irq_restore(unsigned long flags)
{
	(void)flags;
}

u64 arch_counter(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000u + (u64)ts.tv_nsec;
}

u64 arch_counter_freq(void)
{
	return 1000000000u;
}

void arch_cpu_relax(void)
{
	__asm__ __volatile__("" ::: "memory");
}

int arch_cpu_start(unsigned int cpu)
{
	(void)cpu;
	return -ENOSYS;
}

void console_putc(char c)
{
	if (c != '\r')
		fputc(c, stderr);
}

void board_exit(int code)
{
	exit(code);
}
