// SPDX-License-Identifier: MIT
/*
 * arch/host: runs the kernel, the allocator and the self-test as a Linux
 * process (like Linux's arch/um), so the same code gets sanitizers, fuzzers
 * and benchmarks. RAM is memory from mmap; the console is stdout; the exit
 * device is exit(3). One CPU: the process's main thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include <baremm/arch.h>
#include <baremm/board.h>
#include <baremm/compiler.h>
#include <baremm/errno.h>
#include <baremm/printk.h>

void __noreturn start_kernel(void);

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
		putchar(c);
}

void board_exit(int code)
{
	fflush(stdout);
	exit(code);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	start_kernel();
}
