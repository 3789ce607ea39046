// SPDX-License-Identifier: MIT
/*
 * Fill image allocator: the toolchain's newlib malloc (libc.a) or
 * newlib-nano's (libc_nano.a), growing with _sbrk() (sbrk.c) over
 * the region (tests/bench/fill.c).
 */
#include "fill.h"

void *malloc(size_t size);
void free(void *p);

/* The same object links with libc.a and libc_nano.a: the report names
 * the image. */
const char fill_name[] = "newlib";

int fill_heap_init(uintptr_t base, size_t size)
{
	bench_sbrk_region((char *)base, size);
	return 0;
}

void *fill_alloc(size_t size)
{
	return malloc(size);
}

void fill_free(void *p)
{
	free(p);
}

void fill_stats(void)
{
}
