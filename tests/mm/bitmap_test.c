// SPDX-License-Identifier: MIT
/*
 * The heap bitmap read back word by word: untyped, no-pointer and typed
 * objects of every size class, arrays, large objects, an object placed
 * across an arena boundary (checked in both chunks), neighbours sharing
 * bitmap words, and the iterator's edges.
 */
#include "mmtest.h"
#include "../../mm/bitmap.h"

#define W sizeof(void *)

/* A 4-word element whose words 0, 2 and 3 hold pointers. */
static const unsigned long node_mask[1] = { 0xdUL };
static const struct mm_type node4 = { "node4", 4 * W, node_mask };

/* Expected P bit of word @i of an object of @n elements of node4. */
static bool node4_ptr(size_t i, size_t n)
{
	return i < 4 * n && (node_mask[0] >> (i % 4) & 1);
}

/*
 * Walk the bits of [p, p + size) with the iterator and compare them with
 * @ptr(i); the first word must carry the boundary, no other. Returns the
 * number of distinct arena chunks crossed.
 */
static unsigned int expect_bits(struct ktest *t, const void *p, size_t size,
				bool (*ptr)(size_t i, size_t n), size_t n)
{
	struct heap_bits hb;
	struct heap_arena *last = NULL;
	unsigned int chunks = 0;

	if (heap_bits_for_addr((uintptr_t)p, &hb)) {
		KTEST_FAIL(t, "%p: no bitmap", p);
		return 0;
	}
	for (size_t i = 0; i < size / W; i++) {
		unsigned int want = (ptr(i, n) ? HB_PTR : 0) |
				    (i == 0 ? HB_SCAN : 0);

		if (hb.a != last) {
			chunks++;
			last = hb.a;
		}
		if (heap_bits_get(&hb) != want) {
			KTEST_FAIL(t, "%p + %zu words: bits %u, want %u", p, i,
				   heap_bits_get(&hb), want);
			return chunks;
		}
		if (i + 1 < size / W && heap_bits_next(&hb)) {
			KTEST_FAIL(t, "iterator stopped at word %zu", i);
			return chunks;
		}
	}
	return chunks;
}

static bool all_ptr(size_t i, size_t n)
{
	(void)i;
	(void)n;
	return true;
}

static bool no_ptr(size_t i, size_t n)
{
	(void)i;
	(void)n;
	return false;
}

/* After a free every bit of the object is clear. */
static void expect_clear(struct ktest *t, const void *p, size_t size)
{
	struct heap_bits hb;

	KTEST_ASSERT_EQ(t, heap_bits_for_addr((uintptr_t)p, &hb), 0);
	for (size_t i = 0; i < size / W; i++) {
		if (heap_bits_get(&hb)) {
			KTEST_FAIL(t, "%p + %zu words still set", p, i);
			return;
		}
		if (i + 1 < size / W)
			KTEST_ASSERT_EQ(t, heap_bits_next(&hb), 0);
	}
}

static void bitmap_untyped_and_noscan(struct ktest *t)
{
	for (unsigned int c = 1; c < sizeclass_count; c++) {
		size_t n = sizeclass_size(c);
		void *p = kmalloc(n, GFP_KERNEL);
		void *q = kmalloc(n, __GFP_NOSCAN);
		struct mm_object o;

		KTEST_ASSERT_NOT_NULL(t, p);
		KTEST_ASSERT_NOT_NULL(t, q);
		expect_bits(t, p, n, all_ptr, 0);
		expect_bits(t, q, n, no_ptr, 0);
		KTEST_EXPECT_EQ(t, mm_find_object((char *)q + n - 1, &o), 0);
		KTEST_EXPECT_TRUE(t, o.base == q && o.size == n &&
					     o.flags == MM_OBJ_NOSCAN);
		kfree(p);
		kfree(q);
		expect_clear(t, p, n);
		expect_clear(t, q, n);
		KTEST_EXPECT_EQ(t, mm_find_object(p, &o), -ENOENT);
	}
}

static void bitmap_typed_every_class(struct ktest *t)
{
	for (unsigned int c = 1; c < sizeclass_count; c++) {
		size_t n = max((size_t)1, sizeclass_size(c) / node4.size);
		void *p = kmalloc_array_typed(&node4, n, GFP_KERNEL);
		struct mm_object o;

		KTEST_ASSERT_NOT_NULL(t, p);
		expect_bits(t, p, ksize(p), node4_ptr, n);
		KTEST_EXPECT_EQ(t, mm_find_object((char *)p + ksize(p) / 2, &o),
				0);
		KTEST_EXPECT_TRUE(t, o.base == p && o.type == &node4);
		kfree(p);
		expect_clear(t, p, sizeclass_size(c));
	}
	KTEST_EXPECT_NULL(t, kmalloc_array_typed(&node4, SIZE_MAX / 8, 0));
}

/* Neighbours in one span share bitmap words: freeing one leaves the
 * others' bits exactly as they were. */
static void bitmap_neighbours_merge(struct ktest *t)
{
	enum { N = 24 };
	void *p[N];

	for (int i = 0; i < N; i++) {
		p[i] = i % 3 == 0 ? kmalloc_typed(&node4, GFP_KERNEL)
		       : i % 3 == 1 ? kmalloc(4 * W, __GFP_NOSCAN)
				    : kmalloc(4 * W, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, p[i]);
	}
	for (int i = 1; i < N; i += 2)
		kfree(p[i]);
	for (int i = 0; i < N; i += 2) {
		size_t sz = ksize(p[i]);

		if (i % 3 == 0)
			expect_bits(t, p[i], sz, node4_ptr, 1);
		else if (i % 3 == 1)
			expect_bits(t, p[i], sz, no_ptr, 0);
		else
			expect_bits(t, p[i], sz, all_ptr, 0);
		kfree(p[i]);
	}
}

/* A large typed array longer than an arena crosses at least one arena
 * boundary: its bits are right in every chunk it touches. */
static void bitmap_object_across_arenas(struct ktest *t)
{
	static const size_t extra[] = { PAGE_SIZE, 3 * PAGE_SIZE + 4 * W };

	for (unsigned int k = 0; k < ARRAY_SIZE(extra); k++) {
		size_t bytes = ARENA_SIZE + extra[k];
		size_t n = bytes / node4.size;
		void *p = kmalloc_array_typed(&node4, n, GFP_KERNEL);
		unsigned int chunks;

		if (!p) {
			ktest_skip(t, "no room for an object over one arena");
			return;
		}
		KTEST_EXPECT_TRUE(t, arena_of((uintptr_t)p) !=
					     arena_of((uintptr_t)p + bytes - 1));
		chunks = expect_bits(t, p, ksize(p), node4_ptr, n);
		KTEST_EXPECT_GE(t, chunks, 2);
		/* The out-of-place scratch was zeroed again. */
		KTEST_EXPECT_NULL(t, memchr_inv(p, 0, 256));
		ktest_log(t, "%zu KiB object at %p: bits checked in %u chunks",
			  ksize(p) >> 10, p, chunks);
		kfree(p);
		expect_clear(t, p, ALIGN(bytes, PAGE_SIZE));
	}
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

/*
 * Objects straddling an arena boundary by k pages on each side, for odd
 * element counts (sizes and offsets around the boundary). An arena-aligned
 * spacer puts the boundary k pages past its end; first fit then fills
 * lower holes before that gap, so the objects that land elsewhere are
 * kept aside until one lands across the boundary.
 */
static void bitmap_around_the_boundary(struct ktest *t)
{
	enum { TRIES = 4096 };
	unsigned int placed = 0;

	for (size_t k = 5; k <= 7; k++) {	/* over 8 pages: page runs */
		for (size_t extra = 0; extra < 3; extra++) {
			size_t n = (2 * k * PAGE_SIZE) / node4.size - 1 - extra;
			size_t gap = ARENA_SIZE - k * PAGE_SIZE;
			char *spacer = large_alloc(gap, ARENA_SIZE), *p = NULL;
			void **aside = NULL;	/* chained through word 0 */

			if (!spacer)
				break;
			for (unsigned int i = 0; i < TRIES; i++) {
				p = kmalloc_array_typed(&node4, n, GFP_KERNEL);
				if (!p || p == spacer + gap)
					break;
				*(void **)p = aside;
				aside = (void **)p;
			}
			if (p == spacer + gap) {
				placed++;
				KTEST_EXPECT_GE(t, expect_bits(t, p, ksize(p),
							       node4_ptr, n),
						2);
				kfree(p);
				expect_clear(t, p, ALIGN(n * node4.size,
							 PAGE_SIZE));
			} else {
				kfree(p);
			}
			while (aside) {
				void **next = *aside;

				kfree(aside);
				aside = next;
			}
			kfree(spacer);
		}
	}
	ktest_log(t, "%u objects placed across an arena boundary", placed);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	if (!placed)
		ktest_skip(t, "could not place an object across a boundary");
}

static void bitmap_iterator_edges(struct ktest *t)
{
	struct heap_bits hb;
	int local;
	char *a = kmalloc(8 * W, GFP_KERNEL), *b = kmalloc(8 * W, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_ASSERT_NOT_NULL(t, b);
	KTEST_EXPECT_EQ(t, heap_bits_for_addr((uintptr_t)&local, &hb), -EFAULT);
	KTEST_EXPECT_EQ(t, heap_bits_for_addr(0, &hb), -EFAULT);
	KTEST_ASSERT_EQ(t, heap_bits_for_addr((uintptr_t)a, &hb), 0);
	/* Same class, same span: b follows a unless a span ended. */
	if (b == a + 8 * W) {
		KTEST_EXPECT_EQ(t, heap_bits_forward_or_boundary(&hb, 100), 8);
		KTEST_EXPECT_EQ(t, hb.addr, (uintptr_t)b);
	}
	KTEST_ASSERT_EQ(t, heap_bits_for_addr((uintptr_t)a, &hb), 0);
	KTEST_EXPECT_EQ(t, heap_bits_forward_or_boundary(&hb, 3), 3);
	KTEST_EXPECT_EQ(t, heap_bits_forward(&hb, 2), 0);
	KTEST_EXPECT_EQ(t, hb.addr, (uintptr_t)a + 5 * W);
	kfree(a);
	kfree(b);
}

/* What the sparse bitmap costs here, and what one bitmap from address 0
 * up to the top of RAM would cost instead (the seed's saving). */
static void bitmap_cost(struct ktest *t)
{
	const struct memblock_range *last =
		&memblock.region[memblock.nr_regions - 1];
	u64 top = (u64)pfn_to_addr(last->end - 1) + PAGE_SIZE;
	u64 flat = top / W / 4;	/* 2 bits per word from address 0 */
	u64 per_arena = HB_BYTES((u64)ARENA_PAGES);
	u64 sparse = (u64)mheap.arenas * per_arena;

	KTEST_EXPECT_EQ(t, per_arena * 8, (u64)ARENA_SIZE / W * 2);
	ktest_log(t, "bitmap %llu B per full arena; %u arenas grown: %llu KiB; "
		  "one bitmap from 0 to 0x%llx: %llu KiB",
		  (unsigned long long)per_arena, mheap.arenas,
		  (unsigned long long)(sparse >> 10), (unsigned long long)top,
		  (unsigned long long)(flat >> 10));
}

static const struct ktest_case bitmap_cases[] = {
	KTEST_CASE(bitmap_untyped_and_noscan),
	KTEST_CASE(bitmap_typed_every_class),
	KTEST_CASE(bitmap_neighbours_merge),
	KTEST_CASE(bitmap_object_across_arenas),
	KTEST_CASE(bitmap_around_the_boundary),
	KTEST_CASE(bitmap_iterator_edges),
	KTEST_CASE(bitmap_cost),
};
KTEST_SUITE(mm_bitmap, bitmap_cases);
