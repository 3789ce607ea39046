// SPDX-License-Identifier: MIT
/*
 * Memory and string helpers. The compiler emits calls to memset, memcpy,
 * memmove and memcmp on its own, so every image must have them; these are
 * simple word-at-a-time loops, small rather than fast. Built for size
 * (-Os, the MCU boards) they move one word a turn, not four.
 */
#include <baremm/string.h>
#include <baremm/bitops.h>

#define WORD sizeof(unsigned long)

void *memset(void *s, int c, size_t n)
{
	unsigned char *p = s;
	unsigned long w = (unsigned char)c;

	w |= w << 8;
	w |= w << 16;
	if (WORD > 4)
		w |= w << 16 << 16;
	while (n && !IS_ALIGNED((uintptr_t)p, WORD)) {
		*p++ = (unsigned char)c;
		n--;
	}
#ifndef __OPTIMIZE_SIZE__
	/* Four words a turn: the heap zeroes and fills whole pages. */
	for (; n >= 4 * WORD; n -= 4 * WORD, p += 4 * WORD) {
		((unsigned long *)p)[0] = w;
		((unsigned long *)p)[1] = w;
		((unsigned long *)p)[2] = w;
		((unsigned long *)p)[3] = w;
	}
#endif
	for (; n >= WORD; n -= WORD, p += WORD)
		*(unsigned long *)p = w;
	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (IS_ALIGNED((uintptr_t)d | (uintptr_t)s, WORD)) {
#ifndef __OPTIMIZE_SIZE__
		for (; n >= 4 * WORD; n -= 4 * WORD, d += 4 * WORD, s += 4 * WORD) {
			const unsigned long *sw = (const unsigned long *)s;
			unsigned long *dw = (unsigned long *)d;

			dw[0] = sw[0];
			dw[1] = sw[1];
			dw[2] = sw[2];
			dw[3] = sw[3];
		}
#endif
		for (; n >= WORD; n -= WORD, d += WORD, s += WORD)
			*(unsigned long *)d = *(const unsigned long *)s;
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *x = a, *y = b;

	for (; n; n--, x++, y++) {
		if (*x != *y)
			return *x < *y ? -1 : 1;
	}
	return 0;
}

void *memchr_inv(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++) {
		if (*p != (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		if (!*a)
			break;
	}
	return 0;
}

int strcmp(const char *a, const char *b)
{
	return strncmp(a, b, SIZE_MAX);
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}
