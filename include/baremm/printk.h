/* SPDX-License-Identifier: MIT */
/* printk: formatted output on the board's console, one line at a time. */
#ifndef BAREMM_PRINTK_H
#define BAREMM_PRINTK_H

#include <baremm/compiler.h>
#include <baremm/types.h>

/*
 * The formatter (lib/vsprintf.c) knows %d %i %u %x %X %p %s %c and the
 * length modifiers hh h l ll z t, with a field width, '-' and '0' flags
 * and '*' for a width argument. It never allocates.
 */
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/* printk - format and write to the console; safe from any CPU. */
int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);

#define pr_err(fmt, ...)  printk("error: " fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...) printk("warning: " fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) printk(fmt, ##__VA_ARGS__)

/* printk_emergency - from now on print without the console lock (panic). */
void printk_emergency(void);

/* console_putc - write one byte to the board's console (board code). */
void console_putc(char c);

#endif
