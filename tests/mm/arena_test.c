// SPDX-License-Identifier: MIT
/*
 * memblock's region checks and the arena index at its edges: key 0, the
 * last arena of the address space, the MIPS32 31-bit limit, addresses
 * below the first region and above the last, on every board's own RAM.
 */
#include "mmtest.h"

static void memblock_refuses_bad_regions(struct ktest *t)
{
	struct memblock mb = { 0 };
	uintptr_t base = 0x100000;

	KTEST_EXPECT_EQ(t, memblock_add(&mb, base, 0), -EINVAL);
	KTEST_EXPECT_EQ(t, memblock_add(&mb, base + 1, PAGE_SIZE), -EINVAL);
	KTEST_EXPECT_EQ(t, memblock_add(&mb, base, 16 * PAGE_SIZE), 0);
	KTEST_EXPECT_EQ(t, memblock_add(&mb, base + PAGE_SIZE, PAGE_SIZE),
			-EINVAL);
	KTEST_EXPECT_EQ(t, memblock_add(&mb, base - PAGE_SIZE, 2 * PAGE_SIZE),
			-EINVAL);
	/* Unaligned edges are rounded inwards. */
	KTEST_EXPECT_EQ(t, memblock_add(&mb, base + 32 * PAGE_SIZE + 1,
					3 * PAGE_SIZE),
			0);
	KTEST_EXPECT_EQ(t, mb.nr_regions, 2);
	KTEST_EXPECT_EQ(t, mb.region[1].start,
			addr_to_pfn(base) + 33);
	KTEST_EXPECT_EQ(t, mb.region[1].end, addr_to_pfn(base) + 35);
	/* A region touching another merges with it. */
	KTEST_EXPECT_EQ(t, memblock_add(&mb, base + 16 * PAGE_SIZE,
					4 * PAGE_SIZE),
			0);
	KTEST_EXPECT_EQ(t, mb.nr_regions, 2);
	KTEST_EXPECT_EQ(t, mb.region[0].end, addr_to_pfn(base) + 20);
	/* Page 0 is never managed. */
	KTEST_EXPECT_EQ(t, memblock_add(&mb, 0, PAGE_SIZE), -EINVAL);
	/* Wrapping around the address space. */
	KTEST_EXPECT_EQ(t, memblock_add(&mb, UINTPTR_MAX - PAGE_SIZE + 1,
					2 * PAGE_SIZE),
			-ERANGE);
	KTEST_EXPECT_EQ(t, mm_add_region(base, PAGE_SIZE), -EINVAL);
	KTEST_EXPECT_EQ(t, mm_reserve(base, PAGE_SIZE), -EINVAL);
}

/*
 * The highest address the index covers is 2^ADDR_BITS - 1 in key space.
 * A region ending exactly there is accepted, one byte more is refused
 * with -ERANGE. On MIPS32 keys of kseg0 are physical, so the test asks for
 * the last bytes below 2^31 in kuseg, and for kseg2, which needs bit 31.
 */
static void memblock_address_limit(struct ktest *t)
{
	struct memblock mb = { 0 };
	uintptr_t top;

	if (ARCH_HEAP_ADDR_BITS >= sizeof(uintptr_t) * 8) {
		top = UINTPTR_MAX;
	} else {
		top = ((uintptr_t)1 << (ARCH_HEAP_ADDR_BITS %
					(sizeof(uintptr_t) * 8))) - 1;
	}
	KTEST_EXPECT_EQ(t, arch_heap_key(top - PAGE_SIZE + 1),
			top - PAGE_SIZE + 1);
	KTEST_EXPECT_EQ(t, memblock_add(&mb, top - 2 * PAGE_SIZE + 1,
					2 * PAGE_SIZE),
			0);
	if (top != UINTPTR_MAX)
		KTEST_EXPECT_EQ(t, memblock_add(&mb, top - PAGE_SIZE + 1 -
							     4 * PAGE_SIZE,
						8 * PAGE_SIZE),
				-ERANGE);
	/* Just past the limit, where that is not an alias (MIPS kseg0). */
	if (top != UINTPTR_MAX && arch_heap_key(top + 1) == top + 1) {
		KTEST_EXPECT_EQ(t, memblock_add(&mb, top + 1, PAGE_SIZE),
				-ERANGE);
		KTEST_EXPECT_NULL(t, arena_of(top + 1));
	}
	if (ARCH_HEAP_ADDR_BITS == 31) {
		/* kseg2: bit 31 of the key would be needed. */
		KTEST_EXPECT_EQ(t, memblock_add(&mb, 0xC0000000u, 1 << 20),
				-ERANGE);
		/* kseg0 is keyed by physical address: inside the limit. */
		KTEST_EXPECT_EQ(t, arch_heap_key(0x80100000u), 0x00100000u);
		KTEST_EXPECT_EQ(t, arch_heap_key(0x7FFFFFFFu), 0x7FFFFFFFu);
	}
	ktest_log(t, "address limit %u bits: top key 0x%lx", ARCH_HEAP_ADDR_BITS,
		  (unsigned long)top);
}

static void arena_index_geometry(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, ARENA_L1_BITS + ARENA_L2_BITS + ARENA_SHIFT,
			ARCH_HEAP_ADDR_BITS);
	if (sizeof(void *) == 4) {
		/* Flat: 1024 entries (4 KiB) for 32 bits, 512 for MIPS32. */
		KTEST_EXPECT_EQ(t, ARENA_L1_SIZE, 1);
		KTEST_EXPECT_EQ(t, ARENA_L2_SIZE,
				1UL << (ARCH_HEAP_ADDR_BITS - ARENA_SHIFT));
		KTEST_EXPECT_EQ(t, ARENA_SHIFT, 22);
	} else {
		KTEST_EXPECT_EQ(t, ARENA_SHIFT, 26);
		KTEST_EXPECT_EQ(t, ARENA_L1_SIZE * ARENA_L2_SIZE,
				1UL << (48 - 26));
	}
	ktest_log(t, "index: %lu x %lu entries, arena %lu KiB, page %lu B",
		  ARENA_L1_SIZE, ARENA_L2_SIZE, ARENA_SIZE >> 10, PAGE_SIZE);
}

static void arena_index_edges(struct ktest *t)
{
	const struct memblock_range *first = &memblock.region[0];
	const struct memblock_range *last =
		&memblock.region[memblock.nr_regions - 1];
	uintptr_t lastkey = (1UL << ARENA_KEY_BITS) - 1;
	struct heap_arena *a;
	void *p = kmalloc(64, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, p);
	/* Key 0 and the last key are probed without faulting; an arena
	 * found there must really be that arena. */
	a = arena_of_key(0);
	KTEST_EXPECT_TRUE(t, !a || a->key == 0);
	a = arena_of_key(lastkey);
	KTEST_EXPECT_TRUE(t, !a || a->key == lastkey);
	KTEST_EXPECT_NULL(t, arena_of_key(lastkey + 1));
	/* Below the first region and above the last: no arena, unless the
	 * arena also holds RAM. */
	if (first->start > ARENA_PAGES) {
		uintptr_t below = pfn_to_addr(first->start) - ARENA_SIZE;

		KTEST_EXPECT_NULL(t, arena_of(below));
	}
	if (pfn_to_addr(last->end - 1) < UINTPTR_MAX - 2 * ARENA_SIZE)
		KTEST_EXPECT_NULL(t, arena_of(pfn_to_addr(last->end - 1) +
					      2 * ARENA_SIZE));
	/* A live object's arena is where the index says. */
	a = arena_of((uintptr_t)p);
	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_EXPECT_EQ(t, a->key, arch_heap_key((uintptr_t)p) >> ARENA_SHIFT);
	KTEST_EXPECT_GE(t, (uintptr_t)p, a->base);
	KTEST_EXPECT_LT(t, (uintptr_t)p - a->base, ARENA_SIZE);
	kfree(p);
}

static const struct ktest_case arena_cases[] = {
	KTEST_CASE(memblock_refuses_bad_regions),
	KTEST_CASE(memblock_address_limit),
	KTEST_CASE(arena_index_geometry),
	KTEST_CASE(arena_index_edges),
};
KTEST_SUITE(mm_arena, arena_cases);
