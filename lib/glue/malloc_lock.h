/* SPDX-License-Identifier: MIT */
/* The recursive lock behind newlib's __malloc_lock (malloc_lock.c). */
#ifndef LIB_GLUE_MALLOC_LOCK_H
#define LIB_GLUE_MALLOC_LOCK_H

void glue_lock(void);
void glue_unlock(void);

#endif
