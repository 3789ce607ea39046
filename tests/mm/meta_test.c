// SPDX-License-Identifier: MIT
/*
 * Metadata on demand, measured: after mm_init only the index, the central
 * lists and the CPU caches exist; each arena's metadata appears the first
 * time the heap grows into it and costs what its backed pages need, not
 * what the RAM size or its address would suggest.
 */
#include "mmtest.h"

/* Bytes of metadata a fresh arena of @a's shape costs. */
static size_t arena_cost(const struct heap_arena *a)
{
	return (size_t)a->meta_pages << PAGE_SHIFT;
}

static void meta_boot_is_small(struct ktest *t)
{
	size_t index = arena_index_bytes();
	size_t boot = mheap.boot_meta_pages << PAGE_SHIFT;
	size_t other = (mheap.meta_pages - mheap.arena_meta_pages -
			mheap.boot_meta_pages)
		       << PAGE_SHIFT;

	/* The index plus per-class and per-CPU arrays, rounded up to a page:
	 * a few pages whatever the RAM size (3 GiB on qemu-virt-a15, 8 GiB
	 * on qemu-virt-a53) or its address (0x80000000 on qemu-virt-rv32),
	 * and under 2% of any RAM of 64 KiB or more. */
	KTEST_EXPECT_EQ(t, boot, ALIGN(mminit_boot_bytes(index), PAGE_SIZE));
	if (mheap.total_pages << PAGE_SHIFT >= 64 * 1024)
		KTEST_EXPECT_LE(t, boot * 50, mheap.total_pages << PAGE_SHIFT);
	ktest_log(t,
		  "RAM %lu KiB at 0x%lx: boot metadata %zu B (index %zu B); "
		  "%u arenas hold %lu B; span structs etc. %zu B",
		  (unsigned long)((mheap.total_pages << PAGE_SHIFT) >> 10),
		  (unsigned long)pfn_to_addr(memblock.region[0].start), boot,
		  index, mheap.arenas,
		  (unsigned long)(mheap.arena_meta_pages << PAGE_SHIFT), other);
}

/*
 * mm_init carves one boot block that holds the index, the central lists and
 * the CPU caches: had they not fitted, it would have grown the first arena
 * for them, which fails (and used to panic) on a small first bank. That no
 * arena exists right after mm_init is checked on the host, where a test
 * can call it (boot_cases: init_smallest_region, reserved_first_bank_opens).
 */
static void meta_init_grew_no_arena(struct ktest *t)
{
	KTEST_EXPECT_LE(t, mminit_boot_bytes(arena_index_bytes()),
			mheap.boot_meta_pages << PAGE_SHIFT);
	ktest_log(t, "smallest single region mm_init() accepts: %zu B",
		  mminit_min_region_bytes());
}

/*
 * Grow into one more arena with page allocations and compare the arena
 * metadata before and after: exactly one arena's worth, computed from its
 * backed pages. Then the allocations go back and free bytes add up.
 */
static void meta_one_arena_at_a_time(struct ktest *t)
{
	unsigned int arenas = mheap.arenas, n = 0;
	size_t arena_meta = mheap.arena_meta_pages << PAGE_SHIFT;
	size_t chunk = PAGE_SIZE; /* grows exactly when no page is left */
	struct mt_snap before;
	struct heap_arena *a;
	void *list = NULL, *p;

	mm_drain(); /* kept spans and runs count as used */
	mt_snapshot(&before);
	if (!mheap.ungrown_pages) {
		ktest_skip(t, "every arena is already grown");
		return;
	}
	/* Chain the chunks through their first word: no bookkeeping array. */
	while (mheap.arenas == arenas && (p = alloc_pages_exact(chunk, 0))) {
		mt_push(&list, p);
		n++;
	}
	KTEST_ASSERT_EQ(t, mheap.arenas, arenas + 1);
	a = arena_of((uintptr_t)list);
	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_EXPECT_EQ(t, (mheap.arena_meta_pages << PAGE_SHIFT) - arena_meta,
			arena_cost(a));
	/* Its own map, states and spares, plus the L2 index block when it
	 * was the first arena of a 256 GiB stretch (64-bit only). */
	KTEST_EXPECT_TRUE(
		t, a->meta_pages == DIV_ROUND_UP(arena_meta_bytes(a->npages),
						 PAGE_SIZE) ||
			   (ARENA_L1_BITS &&
			    a->meta_pages ==
				    DIV_ROUND_UP(arena_meta_bytes(a->npages) +
							 ARENA_L2_SIZE *
								 sizeof(void *),
						 PAGE_SIZE)));
	ktest_log(t,
		  "arena %u: %u backed pages, metadata %zu B (%lu B per "
		  "MiB backed), after %u chunks of %zu KiB",
		  a->key, a->npages, arena_cost(a),
		  (unsigned long)(arena_cost(a) /
				  max((size_t)1,
				      ((size_t)a->npages << PAGE_SHIFT) >> 20)),
		  n, chunk >> 10);
	while (list) {
		p = list;
		list = *(void **)p;
		free_pages_exact(p, chunk);
	}
	mm_drain();
	MT_EXPECT_PAGES_BACK(t, &before);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

/*
 * Metadata that runs out while the heap grows: with metadata requests
 * failing, take pages until NULL. The allocation that needed a new arena
 * (or new span structs) fails cleanly: no arena half made, no metadata
 * taken, the heap validates. With metadata back, the same fill carries on
 * into exactly one new arena, and every page comes back at the end.
 */
static void meta_exhaustion_while_growing(struct ktest *t)
{
	unsigned int arenas = mheap.arenas;
	struct mt_snap before;
	void *list = NULL, *p;
	unsigned long n = 0;

	if (!mheap.ungrown_pages) {
		ktest_skip(t, "every arena is already grown");
		return;
	}
	mm_drain();
	mt_snapshot(&before);
	page_meta_fail = true;
	while ((p = alloc_pages_exact(PAGE_SIZE, 0))) {
		mt_push(&list, p);
		n++;
	}
	KTEST_EXPECT_EQ(t, mheap.arenas, arenas); /* no arena half made */
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	{
		struct mt_snap full;

		mt_snapshot(&full);
		KTEST_EXPECT_EQ(t, full.meta_bytes, before.meta_bytes);
	}
	/* Metadata again: the same fill carries on into a new arena. */
	page_meta_fail = false;
	while (mheap.arenas == arenas &&
	       (p = alloc_pages_exact(PAGE_SIZE, 0))) {
		mt_push(&list, p);
	}
	KTEST_EXPECT_EQ(t, mheap.arenas, arenas + 1);
	while (list) {
		p = list;
		list = *(void **)p;
		free_pages_exact(p, PAGE_SIZE);
	}
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	mm_drain();
	MT_EXPECT_PAGES_BACK_OOM(t, &before);
	ktest_log(t,
		  "%lu pages taken before growth failed; %u arenas then, "
		  "%u after",
		  n, arenas, mheap.arenas);
}

static const struct ktest_case meta_cases[] = {
	KTEST_CASE(meta_boot_is_small),
	KTEST_CASE(meta_init_grew_no_arena),
	KTEST_CASE(meta_one_arena_at_a_time),
	KTEST_CASE(meta_exhaustion_while_growing),
};
KTEST_SUITE(mm_meta, meta_cases);
