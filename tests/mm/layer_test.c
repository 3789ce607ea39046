// SPDX-License-Identifier: MIT
/*
 * The layers under kmalloc, one at a time: size-class lookups, object
 * indices over every size and offset, span alignment, the page
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

/* span_obj_holding() == off / size for every offset of every span. */
static void span_obj_holding_every_offset(struct ktest *t)
{
	struct span s = { .state = SPAN_SMALL, .start = 0x1000 };

	for (unsigned int c = 1; c < sizeclass_count; c++) {
		size_t size = sizeclass_size(c);
		size_t span = (size_t)sizeclass_npages(c) << PAGE_SHIFT;
		unsigned int k = 0;
		size_t r = 0;

		KTEST_EXPECT_EQ(t, sizeclass_nobjs(c), span / size);
		s.npages = sizeclass_npages(c);
		span_set_class(&s, c);
		for (size_t off = 0; off < span; off++) {
			u32 got = span_obj_holding(&s, span_base(&s) + off);

			if (got != k) {
				KTEST_FAIL(t, "class %u offset %zu: %lu != %u",
					   c, off, (unsigned long)got, k);
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

/* Reserve a word of @s after word *@w and take all its objects, as an
 * owner does; the objects taken, each checked to be new. */
static unsigned int take_word(struct ktest *t, struct span *s, unsigned int *w)
{
	unsigned long free = span_reserve_word(s, *w + 1, w), got = 0;

	for (; free; free &= free - 1) {
		unsigned long bit = free & -free;

		if (s->alloc_bits[*w] & bit)
			KTEST_FAIL(t, "word %u: bit %u handed out twice", *w,
				   __ffs(bit));
		span_bits_set(&s->alloc_bits[*w], bit);
		got++;
	}
	return got;
}

/* A small span hands out every object once, then says it is full. */
static void span_bitmap_claims_each_object_once(struct ktest *t)
{
	unsigned int c = sizeclass_of(MM_MIN_ALIGN);
	void *page = alloc_pages_exact(PAGE_SIZE, 0);	/* the span's memory */
	struct span *s;
	unsigned long flags;
	unsigned int n, got = 0, w, taken;

	KTEST_ASSERT_NOT_NULL(t, page);
	flags = spin_lock_irqsave(&mheap.lock);
	s = page_span_struct_alloc_locked();
	spin_unlock_irqrestore(&mheap.lock, flags);
	KTEST_ASSERT_NOT_NULL(t, s);
	s->start = addr_to_pfn((uintptr_t)page);	/* not in the page map */
	s->npages = 1;
	s->state = SPAN_SMALL;
	span_init_small(s, c);
	n = s->nelems;
	w = SPAN_WORDS(n) - 1;
	flags = arch_irq_save();
	while ((taken = take_word(t, s, &w)))
		got += taken;
	KTEST_EXPECT_EQ(t, got, n);
	KTEST_EXPECT_EQ(t, s->nalloc, n);
	KTEST_EXPECT_EQ(t, span_count_allocated(s), n);
	KTEST_EXPECT_EQ(t, span_free_obj(s, n / 2), (int)n - 1);
	KTEST_EXPECT_EQ(t, span_free_obj(s, n / 2), -EINVAL);
	KTEST_EXPECT_EQ(t, span_reserve_word(s, 0, &w),
			1UL << (n / 2 % BITS_PER_LONG));
	KTEST_EXPECT_EQ(t, w, n / 2 / BITS_PER_LONG);
	KTEST_EXPECT_EQ(t, s->nalloc, n);
	arch_irq_restore(flags);
	flags = spin_lock_irqsave(&mheap.lock);
	page_span_struct_free_locked(s);
	spin_unlock_irqrestore(&mheap.lock, flags);
	free_pages_exact(page, PAGE_SIZE);
}

/*
 * span_obj_index() against plain division, for every class: every byte
 * offset of the first objects and of the span's tail, and a spread over
 * the rest. An offset that starts no object must give an index past the
 * last one.
 */
static void span_obj_index_is_exact(struct ktest *t)
{
	unsigned int bad = 0, checked = 0;
	struct span s = { .state = SPAN_SMALL, .start = 0x1000 };

	for (unsigned int c = 1; c < sizeclass_count && !bad; c++) {
		size_t size = sizeclass_size(c);
		size_t span = sizeclass_npages(c) << PAGE_SHIFT;

		s.npages = sizeclass_npages(c);
		span_set_class(&s, c);
		for (size_t off = 0; off < span; off++) {
			u32 want = off % size ? (u32)-1 : (u32)(off / size);
			u32 got = span_obj_index(&s, span_base(&s) + off);

			if (off >= 4 * size && off + 4 * size < span &&
			    off % 61)
				continue;
			checked++;
			if (want == (u32)-1 || want >= s.nelems ? got < s.nelems
								 : got != want) {
				KTEST_FAIL(t, "class %u (%zu B) offset %zu: %lu",
					   c, size, off, (unsigned long)got);
				bad++;
				break;
			}
		}
	}
	ktest_log(t, "%u offsets checked", checked);
}

/*
 * Empty spans stay with their class, CENTRAL_KEEP_EMPTY of them, counted
 * in cached_bytes; the rest go back at once, and mm_drain() gives back
 * every one. Objects of 100 bytes fill KEEP + 3 spans: at least KEEP + 2
 * of them are ours alone and end empty, unowned.
 */
static void central_keeps_empty_spans(struct ktest *t)
{
	unsigned int c = sizeclass_of(100 + dbg_extra());
	size_t n = (size_t)sizeclass_nobjs(c) * (CENTRAL_KEEP_EMPTY + 3);
	size_t span_bytes = (size_t)sizeclass_npages(c) << PAGE_SHIFT;
	size_t list_bytes = ALIGN(n * sizeof(void *), PAGE_SIZE);
	bool tiny = mt_tiny_set(false);
	struct mt_snap before;
	struct mm_stats st;
	size_t cached0;	/* free chunks of a tiny heap's spans */
	void **objs;

	mm_drain();
	mt_snapshot(&before);
	mm_get_stats(&st);
	cached0 = st.cached_bytes;
	objs = alloc_pages_exact(list_bytes, 0);
	KTEST_ASSERT_NOT_NULL(t, objs);
	for (size_t i = 0; i < n; i++) {
		objs[i] = kmalloc(100, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, objs[i]);
	}
	for (size_t i = 0; i < n; i++)
		kfree(objs[i]);
	mm_get_stats(&st);
	KTEST_EXPECT_EQ(t, st.cached_bytes,
			cached0 + CENTRAL_KEEP_EMPTY * span_bytes);
	KTEST_EXPECT_EQ(t, central_of(c)->nempty, CENTRAL_KEEP_EMPTY);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	free_pages_exact(objs, list_bytes);
	mm_drain();
	mm_get_stats(&st);
	KTEST_EXPECT_EQ(t, st.cached_bytes, cached0);
	MT_EXPECT_PAGES_BACK(t, &before);
	ktest_log(t, "class %u (%u B): %zu objects, %u empty spans kept",
		  c, (unsigned int)sizeclass_size(c), n, CENTRAL_KEEP_EMPTY);
	mt_tiny_set(tiny);
}

/*
 * Out of pages on one CPU, a partly used span gives back the pages past
 * its last object (central_trim_tails()): a fresh span of a class whose
 * span is several pages, one object at its start, drained from the cache.
 * The object stays, the pages past it are free, and a pointer into them is
 * reported and ignored.
 */
static void central_trims_free_tails(struct ktest *t)
{
	size_t size, keep, got, bad = kfree_bad_count;
	void **list = NULL, *p;
	struct span *s = NULL;
	struct mt_snap before;
	bool tiny;
	u8 st;

	if (MM_SMP) {
		/* A lock-free free may read nelems on another CPU. */
		KTEST_EXPECT_EQ(t, central_trim_tails(), 0);
		return;
	}
	tiny = mt_tiny_set(false);
	/* Spans of others (a C library's buffers) trim now, not below. */
	mm_drain();
	central_trim_tails();
	mt_snapshot(&before);
	/* Objects of one class until one starts a span. */
	while ((p = kmalloc(700, GFP_KERNEL))) {
		KTEST_ASSERT_TRUE(t, pfn_lookup(addr_to_pfn((uintptr_t)p),
						&st, &s) && st == PG_SPAN);
		if ((uintptr_t)p == span_base(s))
			break;
		*(void **)p = list;
		list = p;
	}
	KTEST_ASSERT_NOT_NULL(t, p);
	size = sizeclass_size(s->sizeclass);
	keep = DIV_ROUND_UP(size, PAGE_SIZE);
	got = ksize(p);
	if (s->npages <= keep) {
		ktest_skip(t, "this class's spans hold one object");
	} else {
		size_t pages = s->npages;

		memset(p, 0x5a, 700);
		cpu_cache_drain();	/* the span is no CPU's now */
		KTEST_EXPECT_EQ(t, central_trim_tails(), pages - keep);
		KTEST_EXPECT_EQ(t, s->npages, keep);
		KTEST_EXPECT_EQ(t, s->nelems, (keep << PAGE_SHIFT) / size);
		KTEST_EXPECT_NULL(t, memchr_inv(p, 0x5a, 700));
		KTEST_EXPECT_EQ(t, ksize(p), got);
		KTEST_EXPECT_EQ(t, mm_validate(), 0);
		/* The page past the span's new end is free: not an object. */
		kfree((char *)p + (keep << PAGE_SHIFT));
		KTEST_EXPECT_EQ(t, kfree_bad_count, bad + 1);
		ktest_log(t, "%zu B objects: span of %zu pages trimmed to %zu",
			  size, pages, keep);
	}
	kfree(p);
	while (list) {
		p = list;
		list = *list;
		kfree(p);
	}
	mm_drain();
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	MT_EXPECT_PAGES_BACK(t, &before);
	mt_tiny_set(tiny);
}

static const struct ktest_case layer_cases[] = {
	KTEST_CASE(sizeclass_lookup_every_size),
	KTEST_CASE(span_obj_holding_every_offset),
	KTEST_CASE(sizeclass_span_alignment),
	KTEST_CASE(page_alloc_coalesces),
	KTEST_CASE(span_bitmap_claims_each_object_once),
	KTEST_CASE(span_obj_index_is_exact),
	KTEST_CASE(central_keeps_empty_spans),
	KTEST_CASE(central_trims_free_tails),
};
KTEST_SUITE(mm_layers, layer_cases);
