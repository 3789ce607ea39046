/* SPDX-License-Identifier: MIT */
/*
 * Fill images (tests/bench/fill.c): one file per allocator gives it the
 * region and calls it. fill_baremm.c: mm_add_region() and mm_init() on
 * the region alone, then kmalloc/kfree; fill_newlib.c: newlib's (or
 * newlib-nano's) malloc/free with _sbrk() over the region.
 */
#ifndef BENCH_FILL_H
#define BENCH_FILL_H

#include <baremm/types.h>

extern const char fill_name[];
/* fill_heap_init - give the allocator [@base, @base + @size). */
int fill_heap_init(uintptr_t base, size_t size);
void *fill_alloc(size_t size);
void fill_free(void *p);
/* fill_stats - print where the region went, if the allocator can say. */
void fill_stats(void);
/* sbrk.c: newlib's _sbrk() hands out [@base, @base + @size). */
void bench_sbrk_region(char *base, size_t size);

#endif
