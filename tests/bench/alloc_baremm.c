// SPDX-License-Identifier: MIT
/* Bench image allocator: baremm's kmalloc/kfree on the board's heap. */
#include <mm/mm.h>

#define BENCH_ALLOC(size) kmalloc(size, GFP_KERNEL)
#define BENCH_FREE(p) kfree(p)
#include "replay.h"

int bench_heap_init(void)
{
	return 0;	/* mm_init() gave it every RAM bank */
}
