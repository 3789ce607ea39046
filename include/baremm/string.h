/* SPDX-License-Identifier: MIT */
/* Freestanding string and memory helpers (lib/string.c). */
#ifndef BAREMM_STRING_H
#define BAREMM_STRING_H

#include <baremm/types.h>

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);

/* memchr_inv - first byte in [s, s+n) that is not @c, or NULL. */
void *memchr_inv(const void *s, int c, size_t n);

#endif
