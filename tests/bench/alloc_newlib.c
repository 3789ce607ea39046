// SPDX-License-Identifier: MIT
/*
 * Bench image allocator: the toolchain's newlib malloc/free. The same
 * object links against libc.a (newlib's dlmalloc-based mallocr) or
 * libc_nano.a (nano-mallocr, a first-fit free list); see
 * tools/bench/bench.mk. newlib grows its heap with _sbrk(), given here one
 * contiguous block of pages taken from baremm's page allocator before the
 * run, so that the same image works on every board.
 */
#include <baremm/printk.h>
#include <mm/mm.h>

#include "fill.h"

void *malloc(size_t size);
void free(void *p);
void *_sbrk(ptrdiff_t incr);

#define BENCH_ALLOC(size) malloc(size)
#define BENCH_FREE(p) free(p)
#include "replay.h"

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

int bench_heap_init(void)
{
	char *base = NULL;
	size_t size;

	for (size = 16u << 20; size >= (1u << 20); size /= 2) {
		base = alloc_pages_exact(size, GFP_KERNEL);
		if (base)
			break;
	}
	if (!base)
		return -1;
	bench_sbrk_region(base, size);
	printk("bench: newlib heap %p + %zu KiB\n", heap_base, size >> 10);
	return 0;
}
