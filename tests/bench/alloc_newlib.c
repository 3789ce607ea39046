// SPDX-License-Identifier: MIT
/*
 * Bench image allocator: the toolchain's newlib malloc/free. The same
 * object links against libc.a (newlib's dlmalloc-based mallocr) or
 * libc_nano.a (nano-mallocr, a first-fit free list); see
 * tools/bench/bench.mk. newlib grows its heap with _sbrk() (sbrk.c), given
 * here one contiguous block of pages taken from baremm's page allocator
 * before the run, so that the same image works on every board.
 */
#include <baremm/printk.h>
#include <mm/mm.h>

#include "fill.h"

void *malloc(size_t size);
void free(void *p);

#define BENCH_ALLOC(size) malloc(size)
#define BENCH_FREE(p) free(p)
#include "replay.h"

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
	printk("bench: newlib heap %p + %zu KiB\n", base, size >> 10);
	return 0;
}
