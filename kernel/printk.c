// SPDX-License-Identifier: MIT
/*
 * printk: format into a buffer on the stack, then write it to the console
 * under a lock so lines from different CPUs do not interleave. A message
 * longer than CONFIG_PRINTK_BUF is cut and ends in "...".
 */
#include <baremm/printk.h>
#include <baremm/spinlock.h>

static spinlock_t console_lock = SPINLOCK_INIT;

int vprintk(const char *fmt, va_list ap)
{
	char buf[CONFIG_PRINTK_BUF];
	unsigned long flags;
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	size_t len = (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1;

	if ((size_t)n >= sizeof(buf))
		buf[len - 4] = buf[len - 3] = buf[len - 2] = '.';
	flags = spin_lock_irqsave(&console_lock);
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			console_putc('\r');
		console_putc(buf[i]);
	}
	spin_unlock_irqrestore(&console_lock, flags);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
