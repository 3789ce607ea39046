/* SPDX-License-Identifier: MIT */
/* The recursive lock behind newlib's __malloc_lock (malloc_lock.c). */
#ifndef LIB_GLUE_MALLOC_LOCK_H
#define LIB_GLUE_MALLOC_LOCK_H

/* Shared by the glue's files, hidden in libmm.a like its other internals
 * (the Makefile gives them the __mm_ prefix); the entry points are not. */
#pragma GCC visibility push(hidden)

void glue_lock(void);
void glue_unlock(void);

#pragma GCC visibility pop

#endif
