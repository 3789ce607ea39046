/* SPDX-License-Identifier: MIT */
/*
 * kmalloc and kfree with the caller's address, for the layers beside
 * them (kmem_cache, the C library glue) and for reports (mm/kmalloc.c).
 */
#ifndef MM_KMALLOC_H
#define MM_KMALLOC_H

#include "base.h"

/* kmalloc_aligned() with the caller's address for reports; @align 0: the
 * class's own. The slow path of every kmalloc (kmalloc.c). */
void *kmalloc_caller(size_t size, size_t align, gfp_t flags,
		     unsigned long caller);

/* kfree with the caller's address for reports (kmalloc.c).
 * Return: 0, or -EINVAL when @p was reported and ignored. */
int kfree_caller(const void *p, unsigned long caller);

#endif
