// SPDX-License-Identifier: MIT
/*
 * newlib's _sbrk() for the bench and fill images that link newlib's
 * malloc (alloc_newlib.c, fill_newlib.c): it hands out one block the
 * image chose with bench_sbrk_region().
 */
#include <baremm/types.h>

#include "fill.h"

void *_sbrk(ptrdiff_t incr);

static char *heap_base, *heap_brk, *heap_end;

/* newlib's only way to more memory; -1 when the block is used up. */
void *_sbrk(ptrdiff_t incr)
{
	char *old = heap_brk;

	if (incr > heap_end - heap_brk || incr < heap_base - heap_brk)
		return (void *)-1;
	heap_brk += incr;
	return old;
}

void bench_sbrk_region(char *base, size_t size)
{
	heap_base = heap_brk = base;
	heap_end = base + size;
}
