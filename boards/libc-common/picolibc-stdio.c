// SPDX-License-Identifier: MIT
/*
 * What picolibc needs from the boards that link it: stdin, stdout and
 * stderr on the board's console (tinystdio's FILE with a put function,
 * unbuffered, so printf allocates nothing), and _exit() for exit() and
 * abort(). The thread pointer for picolibc's TLS (errno) is in
 * picolibc-tp-arm.S and picolibc-tls.ld.
 */
#include <baremm/board.h> /* baremm's first: see glue/libc.mk */
#include <baremm/printk.h>

#include <stdio.h>

void _exit(int code);

static int console_put(char c, FILE *f)
{
	(void)f;
	if (c == '\n')
		console_putc('\r');
	console_putc(c);
	return (unsigned char)c;
}

static FILE console =
	FDEV_SETUP_STREAM(console_put, NULL, NULL, _FDEV_SETUP_WRITE);

FILE *const stdin = &console;
FILE *const stdout = &console;
FILE *const stderr = &console;

void _exit(int code)
{
	board_exit(code);
}
