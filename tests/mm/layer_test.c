// SPDX-License-Identifier: MIT
/*
 * The layers under kmalloc, one at a time: size-class lookups and the
 * divide-by-multiply over every size and offset, span alignment, the page
 * allocator's address order and coalescing, and the span bitmap.
 */
#include "mmtest.h"

static void sizeclass_lookup_every_size(struct ktest *t)
{
	size_t max = sizeclass_size(sizeclass_count - 1);

	for (size_t n = 1; n <= max; n++) {
		unsigned int c = sizeclass_of(n);

		if (!c || sizeclass_size(c) < n ||
		    (c > 1 && sizeclass_size(c - 1) >= n)) {
			KTEST_FAIL(t, "size %zu -> class %u", n, c);
			return;
		}
	}
	KTEST_EXPECT_EQ(t, sizeclass_of(max + 1), 0);
	KTEST_EXPECT_EQ(t, sizeclass_of(0), 1);
}

/* (off * magic) >> 32 == off / size for every offset of every span. */
static void sizeclass_divide_by_multiply(struct ktest *t)
{
	for (unsigned int c = 1; c < sizeclass_count; c++) {
		size_t size = sizeclass_size(c);
		size_t span = (size_t)sizeclass_npages(c) << PAGE_SHIFT;
		unsigned int k = 0;
		size_t r = 0;

		KTEST_EXPECT_EQ(t, sizeclass_nobjs(c), span / size);
		for (size_t off = 0; off < span; off++) {
			if (sizeclass_obj_index(c, off) != k) {
				KTEST_FAIL(t, "class %u offset %zu: %u != %u", c,
					   off, sizeclass_obj_index(c, off), k);
				return;
			}
			if (++r == size) {
				r = 0;
				k++;
			}
		}
	}
}

static void sizeclass_span_alignment(struct ktest *t)
{
	for (unsigned int c = 1; c < sizeclass_count; c++) {
		size_t size = sizeclass_size(c);
		size_t al = sizeclass_span_align(c) << PAGE_SHIFT;

		KTEST_EXPECT_TRUE(t, is_power_of_2(al));
		KTEST_EXPECT_LE(t, sizeclass_span_align(c), sizeclass_npages(c));
		/* A power-of-two class is naturally aligned by its span. */
		if (is_power_of_2(size) && size <= al)
			KTEST_EXPECT_EQ(t, al % size, 0);
		if (is_power_of_2(size) && size > PAGE_SIZE)
			KTEST_EXPECT_GE(t, al, min(size, (size_t)sizeclass_npages(c)
								<< PAGE_SHIFT));
	}
}

/* Allocate runs of 1..N pages, free the even ones, then the odd ones. */
static void alloc_free_runs(struct ktest *t, int n)
{
	void *p[16];

	for (int i = 0; i < n; i++) {
		p[i] = alloc_pages_exact((size_t)(i + 1) * PAGE_SIZE, 0);
		KTEST_ASSERT_NOT_NULL(t, p[i]);
	}
	for (int i = 0; i < n; i += 2)
		free_pages_exact(p[i], (size_t)(i + 1) * PAGE_SIZE);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	for (int i = 1; i < n; i += 2)
		free_pages_exact(p[i], (size_t)(i + 1) * PAGE_SIZE);
}

/*
 * Runs freed in any order merge back: the largest run is restored. The
 * first round may carve span structs (metadata) from the low runs; the
 * second must leave the runs exactly as it found them.
 */
static void page_alloc_coalesces(struct ktest *t)
{
	struct mm_stats st;
	size_t largest;

	mm_drain();
	alloc_free_runs(t, 8);
	mm_get_stats(&st);
	largest = st.largest_free_run;
	alloc_free_runs(t, 8);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	mm_get_stats(&st);
	KTEST_EXPECT_EQ(t, st.largest_free_run, largest);
}

/* A small span hands out every object once, then says it is full. */
static void span_bitmap_claims_each_object_once(struct ktest *t)
{
	unsigned int c = sizeclass_of(MM_MIN_ALIGN);
	void *page = alloc_pages_exact(PAGE_SIZE, 0);	/* the span's memory */
	struct span *s;
	unsigned long flags;
	unsigned int n;

	KTEST_ASSERT_NOT_NULL(t, page);
	flags = spin_lock_irqsave(&mheap.lock);
	s = span_struct_alloc_locked();
	spin_unlock_irqrestore(&mheap.lock, flags);
	KTEST_ASSERT_NOT_NULL(t, s);
	s->start = addr_to_pfn((uintptr_t)page);	/* not in the page map */
	s->npages = 1;
	s->state = SPAN_SMALL;
	span_init_small(s, c);
	n = s->nelems;
	for (unsigned int i = 0; i < n; i++) {
		int idx = span_alloc_obj(s);

		if (idx != (int)i) {
			KTEST_FAIL(t, "object %u: got %d", i, idx);
			break;
		}
	}
	KTEST_EXPECT_EQ(t, span_alloc_obj(s), -1);
	KTEST_EXPECT_EQ(t, s->nalloc, n);
	KTEST_EXPECT_EQ(t, span_free_obj(s, n / 2), (int)n - 1);
	KTEST_EXPECT_EQ(t, span_free_obj(s, n / 2), -EINVAL);
	KTEST_EXPECT_EQ(t, span_alloc_obj(s), (int)(n / 2));
	flags = spin_lock_irqsave(&mheap.lock);
	span_struct_free_locked(s);
	spin_unlock_irqrestore(&mheap.lock, flags);
	free_pages_exact(page, PAGE_SIZE);
}

static const struct ktest_case layer_cases[] = {
	KTEST_CASE(sizeclass_lookup_every_size),
	KTEST_CASE(sizeclass_divide_by_multiply),
	KTEST_CASE(sizeclass_span_alignment),
	KTEST_CASE(page_alloc_coalesces),
	KTEST_CASE(span_bitmap_claims_each_object_once),
};
KTEST_SUITE(mm_layers, layer_cases);
