// SPDX-License-Identifier: MIT
/*
 * mm_init: check the geometry, carve the boot metadata (arena index,
 * central lists, CPU caches) from the lowest free pages with memblock, and
 * open the heap. No arena exists yet: the first allocation grows into one.
 */
#include "central.h"
#include "cpu_cache.h"
#include "init.h"
#include "large.h"
#include "page.h"
#include "tiny.h"

/* Set by a successful mm_init(): until then every entry point refuses. */
bool mminit_ready;

void __cold __noinline mminit_refuse(const char *what)
{
	static bool told;

	/* No byte-wide exchange on every CPU (RV32 has none): two callers
	 * at once may both say it, which does no harm. */
	if (!__atomic_load_n(&told, __ATOMIC_RELAXED)) {
		__atomic_store_n(&told, true, __ATOMIC_RELAXED);
		pr_err(MM_MSG("mm: %s before mm_init(); refused\n",
			      "mm: %s before a successful mm_init(); "
			      "refused (not said again)\n"),
		       what);
	}
}

/* The geometry is fixed at build time: checked here, not at every boot
 * (sizeclass.c checks the table's objects per span against the bitmap). */
_Static_assert(ARENA_SIZE % PAGE_SIZE == 0, "an arena is whole pages");
_Static_assert(ARENA_L1_BITS + ARENA_L2_BITS + ARENA_SHIFT ==
		       ARCH_HEAP_ADDR_BITS,
	       "the index covers every heap address bit");
_Static_assert(SC_MAX_SMALL_SIZE <= ARENA_SIZE,
	       "the largest size class fits an arena");

/* The structures the init calls of mm_init allocate, as persist_alloc
 * rounds them. */
size_t mminit_boot_bytes(size_t index_bytes)
{
	if (MM_TINY_ONLY)	/* no class lists, no CPU caches: tiny's bins */
		return page_persist_size(index_bytes) +
		       page_persist_size(tiny_heap_bytes());
	return page_persist_size(index_bytes) +
	       page_persist_size(central_bytes()) +
	       page_persist_size(cpu_cache_bytes());
}

/*
 * Pages a heap of @total pages with an index of @index_bytes needs before
 * it can serve one object: the boot block, the first arena's metadata
 * (sized as if it held all the RAM, at most an arena: never less than it
 * will take), one chunk of span structs and a page.
 */
static size_t mminit_need_pages(size_t total, size_t index_bytes)
{
	return DIV_ROUND_UP(mminit_boot_bytes(index_bytes), PAGE_SIZE) +
	       DIV_ROUND_UP(arena_first_meta_bytes(min(total,
						       (size_t)ARENA_PAGES)),
			    PAGE_SIZE) +
	       page_persist_chunk_pages(total) + 1;
}

size_t mminit_min_region_bytes(void)
{
	size_t index = (ARENA_L1_BITS ? ARENA_L1_SIZE : 1) * sizeof(void *);
	size_t pages = 1;

	/* The need grows with the region (its arena's metadata): take it
	 * until it holds; a few rounds at most. */
	for (int i = 0; i < 16 && mminit_need_pages(pages, index) > pages; i++)
		pages = mminit_need_pages(pages, index);
	return pages << PAGE_SHIFT;
}

int mm_init(void)
{
	size_t boot, boot_pages, total, need;
	unsigned long flags;
	char *m;
	int err;

	if (memblock_frozen())
		return -EINVAL;
	/* Sized from the structures the init calls below allocate,
	 * so that none of them carves a page: mm_init never grows an arena,
	 * and so cannot fail half way. */
	boot = mminit_boot_bytes(arena_index_plan());
	boot_pages = DIV_ROUND_UP(boot, PAGE_SIZE);
	total = memblock_total_pages();
	if (!MM_TINY_ONLY)	/* class spans' sizes */
		sizeclass_init(total);
	need = mminit_need_pages(total, arena_index_bytes());
	if (total < need) {
		if (IS_ENABLED(CONFIG_MM_TERSE_REPORTS))
			pr_err("mm: -ENOMEM, need %zu B\n", need << PAGE_SHIFT);
		else
			pr_err("mm: %zu B of RAM is too little: boot metadata "
			       "%zu B, the first arena's metadata and one page "
			       "of objects need %zu B\n",
			       total << PAGE_SHIFT, boot, need << PAGE_SHIFT);
		return -ENOMEM;
	}
	m = memblock_alloc(boot_pages);
	if (!m)
		goto nomem;
	memblock_freeze();

	flags = spin_lock_irqsave(&mheap.lock);
	page_init_locked(m, boot_pages, total);
	/* CPU caches first: their rows want the block's page alignment. */
	err = MM_TINY_ONLY ? 0 : cpu_cache_init();
	if (!err)
		err = arena_index_init();
	if (!err && !MM_TINY_ONLY)
		err = central_init();
	if (!err)
		large_init();
	if (!err)
		err = tiny_init_locked(total);
	spin_unlock_irqrestore(&mheap.lock, flags);
	/* Cannot happen: the sizes above are the ones allocated. */
	if (err || mheap.arenas)
		goto nomem;
	__atomic_store_n(&mminit_ready, true, __ATOMIC_RELEASE);

	/* Terse: the heap's size only; the geometry is the build's. */
	if (IS_ENABLED(CONFIG_MM_TERSE_REPORTS)) {
		printk("mm: %zu B\n", mheap.total_pages << PAGE_SHIFT);
		return 0;
	}
	printk("mm: %lu KiB of RAM in %u regions, %u reserved; %lu B pages, "
	       "%lu KiB arenas; boot metadata %zu B, index %zu B for %lu "
	       "arenas; %u size classes up to %zu B, %s spans\n",
	       (unsigned long)((mheap.total_pages << PAGE_SHIFT) >> 10),
	       memblock.nr_regions, memblock.nr_reserved, PAGE_SIZE,
	       ARENA_SIZE >> 10, boot_pages << PAGE_SHIFT, arena_index_bytes(),
	       ARENA_L1_BITS ? (unsigned long)(ARENA_L1_SIZE * ARENA_L2_SIZE)
			     : (unsigned long)mheap.index_slots,
	       sizeclass_count - 1, sizeclass_size(sizeclass_count - 1),
	       tiny_serves(1, 0, 0)	? "tiny-heap"
	       : sizeclass_small_spans() ? "small-heap"
					 : "large");
	return 0;

nomem:
	/* One message for the boot block not fitting in one piece of free
	 * RAM, and for the cannot-happen case of its structures not fitting
	 * in it. */
	pr_err(MM_MSG("mm: -ENOMEM, boot metadata %zu B\n",
		      "mm: no free RAM holds the %zu B of boot metadata in "
		      "one piece\n"),
	       boot_pages << PAGE_SHIFT);
	return -ENOMEM;
}
