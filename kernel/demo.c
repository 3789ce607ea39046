// SPDX-License-Identifier: MIT
/*
 * The demo shown by `make run` after the self-test: a few allocations of
 * each kind, where they landed, and the heap statistics and map.
 */
#include <baremm/printk.h>
#include <mm/mm.h>

void demo_run(void);

static void demo_stats(void)
{
	struct mm_stats st;

	mm_get_stats(&st);
	printk("heap: total %zu KiB, free %zu KiB (min %zu KiB), used %zu KiB, "
	       "metadata %zu B, largest free run %zu KiB, arenas %u\n",
	       st.total_bytes >> 10, st.free_bytes >> 10,
	       st.min_free_bytes >> 10, st.used_bytes >> 10, st.meta_bytes,
	       st.largest_free_run >> 10, st.arenas_mapped);
}

void demo_run(void)
{
	static const size_t sizes[] = { 8, 24, 100, 1000, 5000, 100000 };
	void *p[sizeof(sizes) / sizeof(sizes[0])];
	struct kmem_cache *c;
	void *obj;

	printk("\n== demo ==\n");
	demo_stats();
	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		p[i] = kmalloc(sizes[i], GFP_KERNEL);
		printk("kmalloc(%zu) = %p, ksize %zu\n", sizes[i], p[i],
		       ksize(p[i]));
	}
	c = kmem_cache_create("demo_node", 48, 0, 0, NULL);
	obj = c ? kmem_cache_alloc(c, GFP_KERNEL) : NULL;
	printk("kmem_cache_alloc(demo_node) = %p\n", obj);
	demo_stats();
	mm_dump();
	if (obj)
		kmem_cache_free(c, obj);
	if (c)
		kmem_cache_destroy(c);
	for (unsigned int i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
		kfree(p[i]);
	mm_drain();
	printk("freed everything; mm_validate() = %d\n", mm_validate());
	demo_stats();
}
