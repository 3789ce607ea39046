// SPDX-License-Identifier: MIT
/*
 * arch/host: runs the kernel, the allocator and the self-test as a Linux
 * process (like Linux's arch/um), so the same code gets sanitizers, fuzzers
 * and benchmarks. RAM is memory from mmap (boards/host); the console is
 * stdout; the exit device is exit(3); CPUs are threads (arch/host/cpu.c).
 */
#include <stdio.h>
#include <stdlib.h>

#include <baremm/board.h>
#include <baremm/compiler.h>
#include <baremm/printk.h>

void __noreturn start_kernel(void);

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
