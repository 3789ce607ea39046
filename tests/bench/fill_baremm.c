// SPDX-License-Identifier: MIT
/* Fill image allocator: baremm on the region alone (tests/bench/fill.c). */
#include <baremm/printk.h>
#include <mm/mm.h>

#include "fill.h"

int __real_mm_add_region(uintptr_t base, size_t size);

#ifdef CONFIG_MM_HEAP_BITMAP
const char fill_name[] = "baremm";
#else
const char fill_name[] = "baremm-nobitmap";
#endif

int fill_heap_init(uintptr_t base, size_t size)
{
	int err = __real_mm_add_region(base, size);

	return err ? err : mm_init();
}

void *fill_alloc(size_t size)
{
	return kmalloc(size, GFP_KERNEL);
}

void fill_free(void *p)
{
	kfree(p);
}

void fill_stats(void)
{
	static struct mm_stats st;	/* 1 KiB: not on a small board's stack */
	unsigned long live = 0;

	mm_get_stats(&st);
	for (unsigned int c = 0; c < st.nr_classes; c++)
		live += st.cls[c].live * st.cls[c].size;
	printk("FILL stats total=%zu free=%zu used=%zu cached=%zu meta=%zu "
	       "live_slots=%lu\n", st.total_bytes, st.free_bytes,
	       st.used_bytes, st.cached_bytes, st.meta_bytes, live);
}
