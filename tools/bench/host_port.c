// SPDX-License-Identifier: MIT
/*
 * The board side of the port in the host benchmark: console and exit. The
 * CPU side is the host board's, as on every port: arch/host/cpu.c in
 * libmm.a, and <asm/irqflags.h> inline wherever the allocator uses it.
 */
#include <stdio.h>
#include <stdlib.h>

#include <baremm/arch.h>
#include <baremm/board.h>
#include <baremm/printk.h>

void console_putc(char c)
{
	if (c != '\r')
		fputc(c, stderr);
}

void board_exit(int code)
{
	exit(code);
}
