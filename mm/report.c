// SPDX-License-Identifier: MIT
/*
 * How the allocator speaks: every printk(), pr_err() and BUG() of libmm.a
 * lands here (the Makefile renames them), is formatted on the stack and
 * goes to the port's hooks of <mm/port.h>. So libmm.a needs neither the
 * kernel's printk nor panic nor a board_exit(): a board image routes the
 * hooks to its console and panic (kernel/mm_port.c), a firmware to its
 * own logger, or to nothing at all.
 */
#include "internal.h"
#include <mm/port.h>

/* The console and the panic, when the firmware has them: weak
 * references, NULL when not linked. */
extern void console_putc(char c) __weak;
extern void mm_port_panic(const char *msg) __weak;

void __weak mm_port_report(const char *msg)
{
	if (!console_putc)
		return;
	for (; *msg; msg++) {
		if (*msg == '\n')
			console_putc('\r');
		console_putc(*msg);
	}
}

/* Cut at the buffer's end, a message ends in "...\n". */
static int mm_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = vsnprintf(buf, size, fmt, ap);

	if ((size_t)n >= size)
		memcpy(buf + size - 5, "...\n", 5);
	return n;
}

int mm_printk(const char *fmt, ...)
{
	char buf[CONFIG_PRINTK_BUF];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = mm_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	mm_port_report(buf);
	return n;
}

void mm_panic(const char *fmt, ...)
{
	char buf[CONFIG_PRINTK_BUF];
	va_list ap;

	va_start(ap, fmt);
	mm_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (mm_port_panic)
		mm_port_panic(buf);
	mm_port_report("mm: BUG: ");
	mm_port_report(buf);
	mm_port_report("\n");
	__builtin_trap();
}
