// SPDX-License-Identifier: MIT
/*
 * How the allocator speaks: every printk(), pr_err() and BUG() of libmm.a
 * lands here (the Makefile renames them), is formatted on the stack and
 * goes to the port's hooks of <mm/port.h>. So libmm.a needs neither the
 * kernel's printk nor panic nor a board_exit(): a board image routes the
 * hooks to its console and panic (kernel/mm_port.c), a firmware to its
 * own logger, or to nothing at all.
 */
#include "base.h"
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

static void report_put(char *buf, size_t size, size_t *n, char c)
{
	if (*n + 1 < size)
		buf[*n] = c;
	(*n)++;
}

/*
 * CONFIG_MM_TERSE_REPORTS: @fmt without vsnprintf(), which is then not
 * linked: %s and %c as they are, every number in hex, after "0x" but for
 * %x (the formats write 0x%lx), a negative %d after "-0x"; widths and
 * flags skipped. As vsnprintf(), NUL-terminated within @size, return the
 * length the whole message needs.
 */
int report_terse_format(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t n = 0;

	for (; *fmt; fmt++) {
		char c = *fmt, tmp[17], *d = tmp + sizeof(tmp) - 1;
		const char *str = d;
		unsigned int longs = 0;
		bool sign;
		u64 v;

		if (c != '%' || (c = *++fmt) == '%') {
			report_put(buf, size, &n, c);
			continue;
		}
		while (c == '-' || (c >= '0' && c <= '9'))
			c = *++fmt;
		for (; c == 'l' || c == 'z' || c == 'h'; c = *++fmt)
			longs += c == 'l' ||
				 (c == 'z' && sizeof(size_t) > sizeof(int));
		if (!c)
			break;
		if (c == 'c') {
			report_put(buf, size, &n, (char)va_arg(ap, int));
			continue;
		}
		if (c == 's') {
			str = va_arg(ap, const char *);
			if (!str)
				str = "(null)";
		} else {
			sign = c == 'd' || c == 'i';
			if (c == 'p')
				v = (uintptr_t)va_arg(ap, void *);
			else if (longs > 1)
				v = va_arg(ap, u64);
			else if (longs)
				v = sign ? (u64)va_arg(ap, long)
					 : va_arg(ap, unsigned long);
			else
				v = sign ? (u64)va_arg(ap, int)
					 : va_arg(ap, unsigned int);
			if (sign && (s64)v < 0) {
				report_put(buf, size, &n, '-');
				v = 0 - v;
			}
			if (c != 'x' && c != 'X') {
				report_put(buf, size, &n, '0');
				report_put(buf, size, &n, 'x');
			}
			/* The digits, backwards from tmp's NUL. */
			*d = '\0';
			do {
				*--d = "0123456789abcdef"[v & 15];
				v >>= 4;
			} while (v);
			str = d;
		}
		while (*str)
			report_put(buf, size, &n, *str++);
	}
	if (size)
		buf[n < size ? n : size - 1] = '\0';
	return (int)n;
}

/* Cut at the buffer's end, a message ends in "...\n". */
static int report_vformat(char *buf, size_t size, const char *fmt, va_list ap)
{
	int n = IS_ENABLED(CONFIG_MM_TERSE_REPORTS)
			? report_terse_format(buf, size, fmt, ap)
			: vsnprintf(buf, size, fmt, ap);

	if ((size_t)n >= size)
		memcpy(buf + size - 5, "...\n", 5);
	return n;
}

int report_printk(const char *fmt, ...)
{
	char buf[CONFIG_PRINTK_BUF];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = report_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	mm_port_report(buf);
	return n;
}

void report_panic(const char *fmt, ...)
{
	char buf[CONFIG_PRINTK_BUF];
	va_list ap;

	va_start(ap, fmt);
	report_vformat(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (mm_port_panic)
		mm_port_panic(buf);
	mm_port_report("mm: BUG: ");
	mm_port_report(buf);
	mm_port_report("\n");
	__builtin_trap();
}
