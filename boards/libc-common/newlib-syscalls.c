// SPDX-License-Identifier: MIT
/*
 * The system calls newlib (full and nano) needs, for the boards that link
 * it: the console is stdout and stderr, exit is board_exit(), and there is
 * no file system, no process and no sbrk heap. _sbrk always fails, so
 * anything of newlib's own allocator that slipped into the link would fail
 * at once instead of quietly growing a second heap: every allocation must
 * go through glue/malloc.c to baremm.
 *
 * A port of its own replaces this file with its board's; the malloc glue
 * does not depend on it.
 */
#include <baremm/board.h> /* baremm's first: see glue/libc.mk */
#include <baremm/printk.h>

#include <errno.h>
#include <sys/stat.h>
#include <sys/types.h>

/* newlib declares none of these in its public headers. */
int _write(int fd, const char *buf, int len);
int _read(int fd, char *buf, int len);
int _close(int fd);
int _fstat(int fd, struct stat *st);
int _isatty(int fd);
int _lseek(int fd, int off, int whence);
int _open(const char *path, int flags, int mode);
int _kill(int pid, int sig);
int _getpid(void);
void *_sbrk(ptrdiff_t incr);
void _exit(int code);

int _write(int fd, const char *buf, int len)
{
	if (fd != 1 && fd != 2) {
		errno = EBADF;
		return -1;
	}
	for (int i = 0; i < len; i++) {
		if (buf[i] == '\n')
			console_putc('\r');
		console_putc(buf[i]);
	}
	return len;
}

int _read(int fd, char *buf, int len)
{
	(void)fd;
	(void)buf;
	(void)len;
	return 0; /* end of file */
}

int _close(int fd)
{
	(void)fd;
	errno = EBADF;
	return -1;
}

/* stdio asks to pick the buffering: a character device, line-buffered. */
int _fstat(int fd, struct stat *st)
{
	(void)fd;
	st->st_mode = S_IFCHR;
	return 0;
}

int _isatty(int fd)
{
	return fd <= 2;
}

int _lseek(int fd, int off, int whence)
{
	(void)fd;
	(void)off;
	(void)whence;
	errno = ESPIPE;
	return -1;
}

int _open(const char *path, int flags, int mode)
{
	(void)path;
	(void)flags;
	(void)mode;
	errno = ENOENT;
	return -1;
}

int _kill(int pid, int sig)
{
	(void)pid;
	(void)sig;
	errno = EINVAL;
	return -1;
}

int _getpid(void)
{
	return 1;
}

void *_sbrk(ptrdiff_t incr)
{
	(void)incr;
	errno = ENOMEM;
	return (void *)-1;
}

void _exit(int code)
{
	board_exit(code);
}
