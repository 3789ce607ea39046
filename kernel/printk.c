// SPDX-License-Identifier: MIT
/*
 * printk: format into a buffer on the stack, then write it to the console
 * under a lock so lines from different CPUs do not interleave. A message
 * longer than CONFIG_PRINTK_BUF is cut and ends in "...".
 */
#include <baremm/printk.h>
#include <baremm/spinlock.h>

static spinlock_t console_lock = SPINLOCK_INIT;
/*
 * Set by panic and fault reports: the console lock may be held by the
 * code that broke, so from then on output goes out without it (lines may
 * interleave, but the report is not lost to a deadlock).
 */
static int console_emergency;

void printk_emergency(void)
{
	__atomic_store_n(&console_emergency, 1, __ATOMIC_RELEASE);
}

static void console_write(const char *buf, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if (buf[i] == '\n')
			console_putc('\r');
		console_putc(buf[i]);
	}
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[CONFIG_PRINTK_BUF];
	unsigned long flags;
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	size_t len = (size_t)n < sizeof(buf) ? (size_t)n : sizeof(buf) - 1;

	if ((size_t)n >= sizeof(buf))
		buf[len - 4] = buf[len - 3] = buf[len - 2] = '.';
	if (__atomic_load_n(&console_emergency, __ATOMIC_ACQUIRE)) {
		console_write(buf, len);
		return n;
	}
	flags = spin_lock_irqsave(&console_lock);
	console_write(buf, len);
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
