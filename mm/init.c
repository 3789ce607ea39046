// SPDX-License-Identifier: MIT
/*
 * mm_init: check the geometry, carve the boot metadata (arena index,
 * central lists, CPU caches) from the lowest free pages with memblock, and
 * open the heap. No arena exists yet: the first allocation grows into one.
 */
#include "internal.h"

/* Set by a successful mm_init(): until then every entry point refuses. */
bool mm_ready;

void __cold __noinline mm_not_ready(const char *what)
{
	static bool told;

	/* No byte-wide exchange on every CPU (RV32 has none): two callers
	 * at once may both say it, which does no harm. */
	if (!__atomic_load_n(&told, __ATOMIC_RELAXED)) {
		__atomic_store_n(&told, true, __ATOMIC_RELAXED);
		pr_err("mm: %s before a successful mm_init(); refused (not "
		       "said again)\n", what);
	}
}

/* Bytes persist_alloc_locked() hands out for a request of @size. */
static size_t persist_size(size_t size)
{
	return ALIGN(size, sizeof(void *) * 2);
}

static int mm_check_geometry(void)
{
	unsigned int maxobjs = 0;

	for (unsigned int c = 1; c < sizeclass_count; c++)
		maxobjs = max(maxobjs, sizeclass_nobjs(c));
	printk("mm: page %lu B, arena %lu KiB = %lu pages, index %u x %u "
	       "entries for %u address bits, %u size classes up to %zu B\n",
	       PAGE_SIZE, ARENA_SIZE >> 10, ARENA_PAGES, (unsigned int)ARENA_L1_SIZE,
	       (unsigned int)ARENA_L2_SIZE, ARCH_HEAP_ADDR_BITS,
	       sizeclass_count - 1, sizeclass_size(sizeclass_count - 1));
	if (!is_power_of_2(PAGE_SIZE) || ARENA_SIZE % PAGE_SIZE ||
	    ARENA_L1_BITS + ARENA_L2_BITS + ARENA_SHIFT != ARCH_HEAP_ADDR_BITS ||
	    maxobjs > SPAN_BITMAP_WORDS * BITS_PER_LONG ||
	    sizeclass_size(sizeclass_count - 1) > ARENA_SIZE) {
		pr_err("mm: inconsistent geometry; refusing to start\n");
		return -EINVAL;
	}
	return 0;
}

int mm_init(void)
{
	size_t boot = persist_size((ARENA_L1_BITS ? ARENA_L1_SIZE
						  : ARENA_L2_SIZE) *
				   sizeof(void *)) +
		      persist_size(sizeclass_count * sizeof(struct central)) +
		      persist_size(CONFIG_NR_CPUS * sizeof(void *) *
				   MM_STATS_CLASSES);
	size_t boot_pages = DIV_ROUND_UP(boot, PAGE_SIZE);
	unsigned long flags;
	char *m;
	int err;

	if (memblock_frozen())
		return -EINVAL;
	err = mm_check_geometry();
	if (err)
		return err;
	m = memblock_alloc(boot_pages);
	if (!m) {
		pr_err("mm: no region holds %zu pages of boot metadata\n",
		       boot_pages);
		return -ENOMEM;
	}
	memblock_freeze();

	flags = spin_lock_irqsave(&mheap.lock);
	mheap.persist = m;
	mheap.persist_end = m + (boot_pages << PAGE_SHIFT);
	mheap.total_pages = memblock_total_pages();
	mheap.meta_pages = boot_pages;
	mheap.boot_meta_pages = boot_pages;
	mheap.ungrown_pages = mheap.total_pages - boot_pages;
	mheap.min_avail_pages = mheap.ungrown_pages;
	err = arena_index_init();
	if (!err)
		err = central_init();
	if (!err)
		err = cpu_cache_init();
	spin_unlock_irqrestore(&mheap.lock, flags);
	BUG_ON(err);	/* the boot block was sized for exactly these */
	__atomic_store_n(&mm_ready, true, __ATOMIC_RELEASE);

	printk("mm: %lu KiB of RAM in %u regions, %u reserved ranges; boot "
	       "metadata %zu B (index %zu B)\n",
	       (unsigned long)(mheap.total_pages << (PAGE_SHIFT - 10)),
	       memblock.nr_regions, memblock.nr_reserved,
	       boot_pages << PAGE_SHIFT,
	       (size_t)((ARENA_L1_BITS ? ARENA_L1_SIZE : ARENA_L2_SIZE) *
			sizeof(void *)));
	return 0;
}
