// SPDX-License-Identifier: MIT
/*
 * The board side of the port in the host benchmark: console and exit. The
 * CPU side is arch/host/cpu.c, in libmm.a like on every port, so the
 * allocator pays the same out-of-line calls it pays on a target.
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
