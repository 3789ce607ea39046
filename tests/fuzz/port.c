// SPDX-License-Identifier: MIT
/*
 * The fuzzer's port: what boards/host gives the allocator, without the
 * kernel around it (the CPU side is arch/host/cpu.c, one CPU here). The console is kept in
 * memory, so the millions of "bad free" reports a run provokes cost no
 * output; it is printed when something goes wrong (board_exit(), which
 * panic() and fault reports call, and the harness's own failures), and
 * as it happens when BAREMM_FUZZ_CONSOLE=1 is set.
 */
#include <stdio.h>
#include <stdlib.h>

#include <baremm/arch.h>
#include <baremm/board.h>
#include <baremm/errno.h>
#include <baremm/printk.h>

#include "port.h"

/* The console's last bytes, a ring. */
#define TAIL_SIZE 8192
static char tail[TAIL_SIZE];
static size_t tail_pos;
static int echo = -1;	/* -1: BAREMM_FUZZ_CONSOLE not read yet */

void console_putc(char c)
{
	if (c == '\r')
		return;
	if (echo < 0) {
		const char *e = getenv("BAREMM_FUZZ_CONSOLE");

		echo = e && *e && *e != '0';
	}
	if (echo)
		fputc(c, stderr);
	tail[tail_pos++ % TAIL_SIZE] = c;
}

void fuzz_console_dump(void)
{
	size_t n = tail_pos < TAIL_SIZE ? tail_pos : TAIL_SIZE;
	size_t start = tail_pos - n;

	if (echo > 0 || !n)
		return;
	fprintf(stderr, "---- last %zu bytes of the console ----\n", n);
	for (size_t i = 0; i < n; i++)
		fputc(tail[(start + i) % TAIL_SIZE], stderr);
	fprintf(stderr, "---- end of console ----\n");
}

/* panic() and fault_report() end here: a crash that libFuzzer records. */
void board_exit(int code)
{
	fuzz_console_dump();
	fprintf(stderr, "fuzz: board_exit(%d) from the allocator\n", code);
	abort();
}
