// SPDX-License-Identifier: MIT
/*
 * The heap bitmap read back word by word: untyped, no-pointer and typed
 * objects of every size class, arrays, large objects, an object placed
 * across an arena boundary (checked in both chunks), neighbours sharing
 * bitmap words, a small span's slot layout from the moment it is made to
 * the moment its pages go back, and the iterator's edges.
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

/* After a large object's free (or a small span's release) every bit of
 * its pages is clear. */
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

/* The slot size of the live small object @p, or 0 for a large one. */
static size_t slot_of(const void *p)
{
	struct span_obj o;

	if (!span_obj_find((uintptr_t)p, true, &o) || o.idx < 0)
		return 0;
	return o.size;
}

/*
 * After a free: a small object's slot (@slot bytes, from slot_of() before
 * the free) reads as the slot layout, all P and S on its first word,
 * whatever the object was, or 0/0 when the free emptied a span no CPU
 * held and its pages went back; a large object's @size bytes read 0/0
 * once its pages are back (a kept run may keep an untyped object's bits).
 */
static void expect_freed(struct ktest *t, const void *p, size_t size,
			 size_t slot)
{
	struct span *s;
	u8 st;

	if (!slot) {
		mm_drain();
		expect_clear(t, p, size);
		return;
	}
	KTEST_ASSERT_TRUE(t, pfn_lookup(addr_to_pfn((uintptr_t)p), &st, &s));
	if (st == PG_FREE)
		expect_clear(t, p, slot);
	else if (KTEST_EXPECT_TRUE(t, st == PG_SPAN && s->state == SPAN_SMALL))
		expect_bits(t, p, slot, all_ptr, 0);
}

static void bitmap_untyped_and_noscan(struct ktest *t)
{
	for (unsigned int c = 1; c < sizeclass_count; c++) {
		size_t n = sizeclass_size(c);
		void *p = kmalloc(n, GFP_KERNEL);
		void *q = kmalloc(n, __GFP_NOSCAN);
		struct mm_object o;
		size_t slot;

		KTEST_ASSERT_NOT_NULL(t, p);
		KTEST_ASSERT_NOT_NULL(t, q);
		expect_bits(t, p, n, all_ptr, 0);
		expect_bits(t, q, n, no_ptr, 0);
		KTEST_EXPECT_EQ(t, mm_find_object((char *)q + n - 1, &o), 0);
		KTEST_EXPECT_TRUE(t, o.base == q && o.size == n &&
					     o.flags == MM_OBJ_NOSCAN);
		KTEST_EXPECT_EQ(t, slot_of(p), slot_of(q));
		slot = slot_of(p);
		kfree(p);
		kfree(q);
		expect_freed(t, p, n, slot);
		expect_freed(t, q, n, slot);
		KTEST_EXPECT_EQ(t, mm_find_object(p, &o), -ENOENT);
		KTEST_EXPECT_EQ(t, mm_find_object(q, &o), -ENOENT);
	}
}

static void bitmap_typed_every_class(struct ktest *t)
{
	for (unsigned int c = 1; c < sizeclass_count; c++) {
		size_t n = max((size_t)1, sizeclass_size(c) / node4.size);
		void *p = kmalloc_array_typed(&node4, n, GFP_KERNEL);
		struct mm_object o;
		size_t slot;

		KTEST_ASSERT_NOT_NULL(t, p);
		expect_bits(t, p, ksize(p), node4_ptr, n);
		KTEST_EXPECT_EQ(t, mm_find_object((char *)p + ksize(p) / 2, &o),
				0);
		KTEST_EXPECT_TRUE(t, o.base == p && o.type == &node4);
		slot = slot_of(p);
		kfree(p);
		expect_freed(t, p, sizeclass_size(c), slot);
	}
	KTEST_EXPECT_NULL(t, kmalloc_array_typed(&node4, SIZE_MAX / 8, 0));
}

/*
 * A freed large run kept for reuse (mm/large.c) keeps an untyped object's
 * bits for the next untyped one; any other object writes its own over
 * them, and once the run goes back to the page allocator its pages read
 * 0/0 again.
 */
static void bitmap_kept_large_runs(struct ktest *t)
{
	size_t n = SC_MAX_SMALL_SIZE + PAGE_SIZE / 2, elems = n / node4.size;
	char *p, *q;

	mm_drain();
	p = kmalloc(n, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	expect_bits(t, p, ksize(p), all_ptr, 0);
	kfree(p);
	q = kmalloc(n, __GFP_NOSCAN);
	KTEST_EXPECT_TRUE(t, q == p);
	expect_bits(t, q, ksize(q), no_ptr, 0);
	kfree(q);
	q = kmalloc(n, GFP_KERNEL);
	KTEST_EXPECT_TRUE(t, q == p);
	expect_bits(t, q, ksize(q), all_ptr, 0);
	kfree(q);
	q = kmalloc_array_typed(&node4, elems, GFP_KERNEL);
	KTEST_EXPECT_TRUE(t, q == p);
	expect_bits(t, q, ksize(q), node4_ptr, elems);
	kfree(q);
	q = kmalloc(n, GFP_KERNEL);
	KTEST_EXPECT_TRUE(t, q == p);
	expect_bits(t, q, ksize(q), all_ptr, 0);
	kfree(q);
	mm_drain();
	expect_clear(t, p, ALIGN(n, PAGE_SIZE));
}

/* Neighbours in one span share bitmap words: freeing one leaves the
 * others' bits exactly as they were, and its own slot reads as the slot
 * layout again, typed, no-pointer or untyped. */
static void bitmap_neighbours_merge(struct ktest *t)
{
	enum { N = 24 };
	size_t slot[N];
	void *p[N];

	for (int i = 0; i < N; i++) {
		p[i] = i % 3 == 0 ? kmalloc_typed(&node4, GFP_KERNEL)
		       : i % 3 == 1 ? kmalloc(4 * W, __GFP_NOSCAN)
				    : kmalloc(4 * W, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, p[i]);
		slot[i] = slot_of(p[i]);
		KTEST_EXPECT_NE(t, slot[i], 0);
	}
	for (int i = 1; i < N; i += 2)
		kfree(p[i]);
	for (int i = 1; i < N; i += 2)
		expect_freed(t, p[i], 0, slot[i]);
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

/* A 2-word element whose word 0 holds a pointer; 3 of them make LAYOUT_REQ. */
static const unsigned long pair_mask[1] = { 0x1UL };
static const struct mm_type pair = { "pair", 2 * W, pair_mask };
#define LAYOUT_REQ (6 * W)	/* slots straddle bitmap longs */
#define LAYOUT_MAX 4096		/* objects a fill may take */

static bool pair_ptr(size_t i, size_t n)
{
	return i < 2 * n && i % 2 == 0;
}

/* Object @i of a mixed fill: untyped, no-pointer, typed, collected. */
static void *layout_obj(unsigned int i)
{
	switch (i % 4) {
	case 0:
		return kmalloc(LAYOUT_REQ, GFP_KERNEL);
	case 1:
		return kmalloc(LAYOUT_REQ, __GFP_NOSCAN);
	case 2:
		return kmalloc_array_typed(&pair, 3, GFP_KERNEL);
	default:
		return kmalloc_collected(LAYOUT_REQ, NULL, GFP_KERNEL);
	}
}

static struct span *span_at(const void *p)
{
	struct span_obj o;

	return span_obj_find((uintptr_t)p, true, &o) && o.idx >= 0 ? o.s : NULL;
}

/*
 * Allocate (@mixed: layout_obj(), else untyped) into @objs until this CPU's span of their class holds
 * only ours and @left free slots (all LAYOUT_REQ objects share a class).
 * A span stays in the CPU's cache until it is full, so its objects of ours
 * come in one run; as many bits set as the run means none are someone
 * else's. (Not nalloc: it also counts the slots this CPU's cache has
 * reserved, which are all of a fresh span's first bitmap word.)
 * Return: that span, its objects the last nelems - @left of @objs[0..*n),
 * or NULL when LAYOUT_MAX objects were not enough.
 */
static struct span *fill_own_span(void **objs, unsigned int *n,
				  unsigned int left, bool mixed)
{
	struct span *s, *cur = NULL;
	unsigned int run = 0;

	for (*n = 0; *n < LAYOUT_MAX;) {
		void *p = mixed ? layout_obj(*n) : kmalloc(LAYOUT_REQ, 0);

		if (!p || !(s = span_at(p)))
			return NULL;
		objs[(*n)++] = p;
		run = s == cur ? run + 1 : 1;
		cur = s;
		if (s->nelems > left && run == s->nelems - left &&
		    span_count_allocated(s) == run)
			return s;
	}
	return NULL;
}

static void free_all(void **objs, unsigned int n)
{
	while (n)
		kfree(objs[--n]);
}

/* The bits of live object @p, made as layout_obj(@i), in a @slot B slot. */
static void expect_kind(struct ktest *t, const void *p, unsigned int i,
			size_t slot)
{
	if (i % 4 == 1)
		expect_bits(t, p, slot, no_ptr, 0);
	else if (i % 4 == 2)
		expect_bits(t, p, ksize(p), pair_ptr, 3);
	else
		expect_bits(t, p, i % 4 ? ksize(p) : slot, all_ptr, 0);
}

/*
 * One span of mixed objects from its making to its end: every object
 * reads as its kind, the words past the last slot as nothing; freed, each
 * slot reads as the slot layout; and once the empty span goes back to the
 * page allocator (mm_drain), its pages read 0/0.
 */
static void bitmap_span_layout_and_release(struct ktest *t)
{
	void **objs = kmalloc(LAYOUT_MAX * sizeof(void *), GFP_KERNEL);
	struct span *s, *owner;
	unsigned int n, first, i;
	uintptr_t base, end;
	size_t slot;
	u8 st;

	KTEST_ASSERT_NOT_NULL(t, objs);
	s = fill_own_span(objs, &n, 0, true);
	if (!s) {
		free_all(objs, n);
		kfree(objs);
		ktest_skip(t, "no span of our own objects");
		return;
	}
	first = n - s->nelems;
	slot = sizeclass_size(s->sizeclass);
	base = span_base(s);
	end = base + (s->npages << PAGE_SHIFT);
	for (i = first; i < n; i++)
		expect_kind(t, objs[i], i, slot);
	if (base + s->nelems * slot < end)
		expect_clear(t, (void *)(base + s->nelems * slot),
			     end - base - s->nelems * slot);
	/* Free all but one: each slot is layout again, and the one left,
	 * sharing bitmap longs with them, keeps its bits. */
	for (i = first + 1; i < n; i++)
		kfree(objs[i]);
	for (i = first + 1; i < n; i++)
		expect_freed(t, objs[i], 0, slot);
	expect_kind(t, objs[first], first, slot);
	ktest_log(t, "span 0x%lx: %u slots of %zu B over %zu pages, %u objects "
		  "to fill it", (unsigned long)base, s->nelems, slot,
		  s->npages, n);
	/* Empty, then given back: its pages read 0/0 and are free. */
	free_all(objs, first + 1);
	mm_drain();
	KTEST_EXPECT_TRUE(t, pfn_lookup(addr_to_pfn(base), &st, &owner) &&
				     st == PG_FREE);
	expect_clear(t, (void *)base, end - base);
	kfree(objs);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

/*
 * A __GFP_NOSCAN object whose span cannot get a tag array (metadata
 * exhausted) keeps the slot layout: scanned conservatively, not marked
 * NOSCAN, and its free leaves the layout. Forced here by a span with no
 * tag array (all of its objects are ours and untyped, so none is lost)
 * and a metadata allocator with neither room nor pages.
 */
static void bitmap_noscan_without_tags(struct ktest *t)
{
	void **objs = kmalloc(LAYOUT_MAX * sizeof(void *), GFP_KERNEL);
	uintptr_t *tags;
	struct mm_object o;
	unsigned long flags;
	char *end;
	unsigned int n;
	struct span *s;
	void *q;

	KTEST_ASSERT_NOT_NULL(t, objs);
	s = fill_own_span(objs, &n, 1, false);
	if (!s) {
		free_all(objs, n);
		kfree(objs);
		ktest_skip(t, "no span of our own objects");
		return;
	}
	tags = s->tags;
	flags = spin_lock_irqsave(&mheap.lock);
	s->tags = NULL;
	end = mheap.persist_end;
	mheap.persist_end = mheap.persist;
	page_meta_fail = true;
	spin_unlock_irqrestore(&mheap.lock, flags);

	q = kmalloc(LAYOUT_REQ, __GFP_NOSCAN);	/* the span's last slot */

	flags = spin_lock_irqsave(&mheap.lock);
	page_meta_fail = false;
	mheap.persist_end = end;
	spin_unlock_irqrestore(&mheap.lock, flags);
	if (KTEST_EXPECT_NOT_NULL(t, q)) {
		KTEST_EXPECT_TRUE(t, span_at(q) == s && !s->tags);
		expect_bits(t, q, slot_of(q), all_ptr, 0);
		KTEST_EXPECT_EQ(t, mm_find_object(q, &o), 0);
		KTEST_EXPECT_EQ(t, o.flags, 0);
		kfree(q);
		expect_bits(t, q, sizeclass_size(s->sizeclass), all_ptr, 0);
	}
	s->tags = tags;
	free_all(objs, n);
	kfree(objs);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

/* Words [0, words) at @p read as @nslots slots of @sw words, then 0/0. */
static void expect_layout(struct ktest *t, const void *p, size_t words,
			  size_t sw, size_t nslots)
{
	struct heap_bits hb;

	KTEST_ASSERT_EQ(t, heap_bits_for_addr((uintptr_t)p, &hb), 0);
	for (size_t i = 0; i < words; i++) {
		bool in = i < sw * nslots;
		unsigned int want = (in ? HB_PTR : 0) |
				    (in && i % sw == 0 ? HB_SCAN : 0);

		if (heap_bits_get(&hb) != want) {
			KTEST_FAIL(t, "%p + %zu words: bits %u, want %u", p, i,
				   heap_bits_get(&hb), want);
			return;
		}
		if (i + 1 < words)
			KTEST_ASSERT_EQ(t, heap_bits_next(&hb), 0);
	}
}

/* A large typed array longer than an arena crosses at least one arena
 * boundary: its bits are right in every chunk it touches. The slot layout
 * writer, run over the same pages as if they were a small span, is too. */
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
		if (k == 0) {
			size_t npages = ALIGN(bytes, PAGE_SIZE) >> PAGE_SHIFT;
			size_t words = npages * HB_WORDS_PER_PAGE;

			heap_bits_set_layout((uintptr_t)p, npages, 6 * W,
					     words / 6 - 1);
			expect_layout(t, p, words, 6, words / 6 - 1);
			KTEST_EXPECT_NULL(t, memchr_inv(p, 0, 256));
			/* Released as a small span would be: a large
			 * object's free clears only its own S bit. */
			heap_bits_clear_span((uintptr_t)p, npages);
			expect_clear(t, p, npages << PAGE_SHIFT);
		}
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
			struct span *sp = large_alloc(gap, ARENA_SIZE, true);
			char *spacer = sp ? (char *)span_base(sp) : NULL;
			char *p = NULL;
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
	u64 sparse = 0;
	unsigned int chunks = 0;

	/* Only arenas where some object needed bits have a chunk. */
	for (struct heap_arena *a = arena_next(NULL); a; a = arena_next(a)) {
		if (a->bitmap) {
			sparse += HB_BYTES((u64)a->npages);
			chunks++;
		}
	}
	KTEST_EXPECT_EQ(t, per_arena * 8, (u64)ARENA_SIZE / W * 2);
	ktest_log(t, "bitmap %llu B per full arena; %u arenas grown, %u with "
		  "a chunk: %llu KiB; one bitmap from 0 to 0x%llx: %llu KiB",
		  (unsigned long long)per_arena, mheap.arenas, chunks,
		  (unsigned long long)(sparse >> 10), (unsigned long long)top,
		  (unsigned long long)(flat >> 10));
}

static const struct ktest_case bitmap_cases[] = {
	KTEST_CASE(bitmap_untyped_and_noscan),
	KTEST_CASE(bitmap_typed_every_class),
	KTEST_CASE(bitmap_neighbours_merge),
	KTEST_CASE(bitmap_kept_large_runs),
	KTEST_CASE(bitmap_span_layout_and_release),
	KTEST_CASE(bitmap_noscan_without_tags),
	KTEST_CASE(bitmap_object_across_arenas),
	KTEST_CASE(bitmap_around_the_boundary),
	KTEST_CASE(bitmap_iterator_edges),
	KTEST_CASE(bitmap_cost),
};
KTEST_SUITE(mm_bitmap, bitmap_cases);
