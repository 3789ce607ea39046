/* SPDX-License-Identifier: MIT */
/*
 * The allocator calls behind malloc.c's entry points, shared with the
 * reentrant ones of malloc_r.c. They never touch errno: each returns NULL,
 * or an errno value, and its caller puts that where its API wants it
 * (errno, a struct _reent, a return value).
 */
#ifndef LIB_GLUE_MALLOC_GLUE_H
#define LIB_GLUE_MALLOC_GLUE_H

#include <malloc.h>
#include <stddef.h>

/* Shared by the glue's files, hidden in libmm.a like its other internals
 * (the Makefile gives them the __mm_ prefix); the entry points are not. */
#pragma GCC visibility push(hidden)

/* glue_alloc - malloc(@size) with malloc(0) a unique smallest object. */
void *glue_alloc(size_t size);
/* glue_zalloc - calloc(@n, @size); NULL on overflow or no memory. */
void *glue_zalloc(size_t n, size_t size);
/* glue_realloc - realloc into *@out. Return: 0, ENOMEM (p kept) or EINVAL
 * (@p is no object; reported). realloc(p, 0) frees p, *@out = NULL. */
int glue_realloc(void *p, size_t size, void **out);
/* glue_memalign - *@out = @size bytes at @align. Return: 0, EINVAL
 * (@align is no power of two) or ENOMEM. */
int glue_memalign(size_t align, size_t size, void **out);
struct mallinfo glue_mallinfo(void);

#pragma GCC visibility pop

#endif
