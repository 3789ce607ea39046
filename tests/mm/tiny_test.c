// SPDX-License-Identifier: MIT
/*
 * Tiny heaps (mm/tiny.c): kmalloc's chunks on a heap of 1 MiB and under.
 * On a larger heap the cases turn the mode on themselves, and off again
 * after, so every board with CONFIG_MM_TINY runs them: chunks come back
 * merged, their spans go back when empty, and every bad free is reported
 * and changes nothing.
 */
#include "mmtest.h"

#define TT_OBJS 96 /* live at once: a few tiny spans on every board */
/* Sizes tiny serves: a size class's, up to TINY_REQ_MAX. */
#define TT_MAX min((size_t)TINY_REQ_MAX, (size_t)SC_MAX_SMALL_SIZE)

/*
 * Turn tiny heaps on for a case (*@was: to give mt_tiny_set() after).
 * With red zones they are never on (mm/tiny.h): the case is skipped.
 */
static bool tt_begin(struct ktest *t, bool *was)
{
	if (MM_DEBUG_REDZONES) {
		ktest_skip(t, "red zones: tiny heaps are off (docs/design.md)");
		return false;
	}
	*was = mt_tiny_set(true);
	return true;
}

/* The tiny span holding @p, or NULL. */
static struct span *tt_span(const void *p)
{
	struct span *s = span_of((uintptr_t)p, NULL);

	return s && s->state == SPAN_TINY ? s : NULL;
}

/* Objects of 1 B to TINY_REQ_MAX, log-uniform, freed in a random order:
 * each is aligned, in a tiny span, holds its contents while its
 * neighbours come and go, and at the end every page is back. */
static void tiny_chunks_merge_back(struct ktest *t)
{
	struct mt_rng rng = {0x711e5eedULL};
	static void *obj[TT_OBJS];
	static size_t len[TT_OBJS];
	struct mt_snap before;
	unsigned int n = 0, bad = 0;
	bool was;

	if (!tt_begin(t, &was))
		return;
	mm_drain();
	mt_snapshot(&before);
	for (unsigned int round = 0; round < 8; round++) {
		/* Top up to TT_OBJS, then free a random half. */
		for (; n < TT_OBJS; n++) {
			size_t sz = (size_t)1 << mt_below(&rng, 12);

			sz = min(sz + mt_below(&rng, (u32)sz), TT_MAX);
			len[n] = sz;
			obj[n] = kmalloc(sz, GFP_KERNEL);
			if (!obj[n])
				break;
			if (!tt_span(obj[n]) || ksize(obj[n]) < sz ||
			    !IS_ALIGNED((uintptr_t)obj[n], MM_MIN_ALIGN))
				bad++;
			mt_fill(obj[n], sz, n);
		}
		KTEST_EXPECT_EQ(t, bad, 0);
		KTEST_EXPECT_EQ(t, mm_validate(), 0);
		for (unsigned int i = 0; i < n;) {
			if (mt_below(&rng, 2)) {
				i++;
				continue;
			}
			if (!mt_check(obj[i], len[i], i))
				bad++;
			kfree(obj[i]);
			/* The last one moves into the hole: tags follow. */
			obj[i] = obj[--n];
			len[i] = len[n];
			if (i < n && obj[i])
				mt_fill(obj[i], len[i], i);
		}
		KTEST_EXPECT_EQ(t, bad, 0);
	}
	while (n)
		kfree(obj[--n]);
	mm_drain();
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	MT_EXPECT_PAGES_BACK(t, &before);
	mt_tiny_set(was);
}

/* A freed chunk between two live ones is the next request of its size:
 * chunks cut one after another from a free one lie side by side. */
static void tiny_reuses_the_hole(struct ktest *t)
{
	bool was;
	char *o[8], *hole = NULL;
	size_t stride;

	if (!tt_begin(t, &was))
		return;
	for (int i = 0; i < 8; i++) {
		o[i] = kmalloc(100, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, o[i]);
	}
	stride = ksize(o[0]); /* objects have no header */
	for (int i = 1; i < 7 && !hole; i++)
		if (o[i] == o[i - 1] + stride && o[i + 1] == o[i] + stride)
			hole = o[i];
	KTEST_ASSERT_NOT_NULL(t, hole);
	kfree(hole);
	KTEST_EXPECT_EQ(t, ksize(hole), 0);
	KTEST_EXPECT_TRUE(t, kmalloc(100, GFP_KERNEL) == hole);
	for (int i = 0; i < 8; i++)
		kfree(o[i]);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	mt_tiny_set(was);
}

/* Power-of-two sizes are naturally aligned up to a page, as class slots
 * are, and kmalloc_aligned keeps its word; chunks skipped in front serve
 * the sizes between. */
static void tiny_keeps_alignment(struct ktest *t)
{
	void *p[2 * 16];
	unsigned int n = 0, bad = 0;
	bool was;

	if (!tt_begin(t, &was))
		return;
	for (size_t sz = MM_MIN_ALIGN; sz <= min((size_t)PAGE_SIZE, TT_MAX);
	     sz *= 2) {
		p[n++] = kmalloc(sz, GFP_KERNEL);
		p[n++] = kmalloc(sz - sz / 4, GFP_KERNEL);
		if (!p[n - 2] || !tt_span(p[n - 2]) ||
		    !IS_ALIGNED((uintptr_t)p[n - 2], sz) || !tt_span(p[n - 1]))
			bad++;
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	p[n] = kmalloc_aligned(100, 64, GFP_KERNEL);
	KTEST_EXPECT_TRUE(t, p[n] && tt_span(p[n]) &&
				     IS_ALIGNED((uintptr_t)p[n], 64));
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	kfree(p[n]);
	while (n)
		kfree(p[--n]);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	mt_tiny_set(was);
}

/* krealloc moves a chunk's bytes whichever way its size goes. */
static void tiny_realloc_keeps_bytes(struct ktest *t)
{
	bool was;
	char *p, *q;

	if (!tt_begin(t, &was))
		return;
	p = kmalloc(40, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	for (int i = 0; i < 40; i++)
		p[i] = (char)i;
	q = krealloc(p, 1000, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT_TRUE(t, tt_span(q) != NULL);
	for (int i = 0; i < 40; i++)
		if (q[i] != (char)i)
			KTEST_FAIL(t, "byte %d lost", i);
	p = krealloc(q, 24, GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, p);
	for (int i = 0; i < 24; i++)
		if (p[i] != (char)i)
			KTEST_FAIL(t, "byte %d lost on the way down", i);
	kfree(p);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	mt_tiny_set(was);
}

/* Interior, unaligned, double, a freed and merged chunk, and the span's
 * start bitmap: each reported once, nothing changed. */
static void tiny_bad_frees_reported(struct ktest *t)
{
	char *a, *b, *keep;
	struct span *s;
	bool was;

	if (!tt_begin(t, &was))
		return;
	a = kmalloc(72, GFP_KERNEL);
	b = kmalloc(72, GFP_KERNEL);
	keep = kmalloc(72, GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, a && b && keep);
	s = tt_span(a);
	KTEST_ASSERT_NOT_NULL(t, s);
	mt_fill(keep, 72, 3);
	mt_expect_rejected(t, a + MM_MIN_ALIGN, "inside a chunk");
	mt_expect_rejected(t, a + 1, "unaligned inside a chunk");
	mt_expect_rejected(t, (void *)span_base(s), "the start bitmap");
	mt_expect_rejected(t, (void *)(span_base(s) + MM_MIN_ALIGN),
			   "the start bitmap, aligned");
	kfree(a);
	mt_expect_rejected(t, a, "double free");
	kfree(b); /* merges with a's chunk */
	mt_expect_rejected(t, b, "double free of a merged chunk");
	mt_expect_rejected(t, a, "double free, again");
	KTEST_EXPECT_TRUE(t, mt_check(keep, 72, 3));
	KTEST_EXPECT_EQ(t, ksize(a), 0);
	KTEST_EXPECT_EQ(t, ksize(keep + MM_MIN_ALIGN), 0);
	KTEST_EXPECT_GE(t, ksize(keep), 72);
	kfree(keep);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	mt_tiny_set(was);
}

/* Until the first NULL, then all freed: the heap is whole again and the
 * NULL cost nothing (no span, no metadata kept). At the NULL no free run
 * could have held the request in a span of its own: growth falls back to
 * the largest run rather than leave the last pages unused. */
static void tiny_runs_out_cleanly(struct ktest *t)
{
	bool was;
	struct mt_rng rng = {0xf111ULL};
	struct mt_snap before;
	void *list = NULL, *p;
	unsigned long n = 0;
	size_t sz;

	if (!tt_begin(t, &was))
		return;
	if (!was) {
		ktest_skip(t, "the heap is larger than a tiny heap");
		mt_tiny_set(was);
		return;
	}
	mm_drain();
	mt_snapshot(&before);
	for (;;) {
		sz = (size_t)16 << mt_below(&rng, 7);
		sz += mt_below(&rng, (u32)sz);
		p = kmalloc(sz, GFP_KERNEL);
		if (!p)
			break;
		mt_push(&list, p);
		n++;
	}
	KTEST_EXPECT_GT(t, n, 0);
	KTEST_EXPECT_LE(t, page_tree_largest(),
			DIV_ROUND_UP(sz, PAGE_SIZE) + 1);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	mt_kfree_list(list);
	mm_drain();
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	MT_EXPECT_PAGES_BACK(t, &before);
	ktest_log(t, "%lu objects until the first NULL", n);
	mt_tiny_set(was);
}

#ifdef CONFIG_MM_HEAP_BITMAP
#include <mm/scan.h>

static void *tt_roots[2];
static void *tt_ours[4];

struct tt_seen {
	bool seen[4];
};

static void tt_note(const struct mm_object *o, void *arg)
{
	struct tt_seen *r = arg;

	for (int i = 0; i < 4; i++)
		if (o->base == tt_ours[i])
			r->seen[i] = true;
}

/* The leak scanner through tiny chunks: a root holds 0, 0 holds 1 in its
 * middle, 1 holds an interior pointer to 2; 3 is held by nobody. Then a
 * __GFP_NOSCAN object makes the arena's bitmap chunk if it had none, and
 * the answer is the same. */
static void tiny_scanned_conservatively(struct ktest *t)
{
	bool was;
	struct tt_seen r;
	void *noscan;

	if (!tt_begin(t, &was))
		return;
	for (int i = 0; i < 4; i++) {
		tt_ours[i] = kzalloc(72, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, tt_ours[i]);
		KTEST_EXPECT_TRUE(t, tt_span(tt_ours[i]) != NULL);
	}
	((void **)tt_ours[0])[3] = tt_ours[1];
	((void **)tt_ours[1])[0] = (char *)tt_ours[2] + 24;
	tt_roots[0] = tt_ours[0];
	KTEST_ASSERT_EQ(t, mm_register_root(tt_roots, sizeof(tt_roots)), 0);
	for (int pass = 0; pass < 2; pass++) {
		memset(&r, 0, sizeof(r));
		mm_scan_leaks(MM_SCAN_NO_DEFAULT_ROOTS, tt_note, &r);
		KTEST_EXPECT_TRUE(t, !r.seen[0] && !r.seen[1] && !r.seen[2]);
		KTEST_EXPECT_TRUE(t, r.seen[3]);
		noscan = kmalloc(32, __GFP_NOSCAN);
		KTEST_EXPECT_TRUE(t, noscan && !tt_span(noscan));
		kfree(noscan);
	}
	mm_unregister_root(tt_roots);
	for (int i = 0; i < 4; i++)
		kfree(tt_ours[i]);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	mt_tiny_set(was);
}
#endif

static const struct ktest_case tiny_cases[] = {
	KTEST_CASE(tiny_chunks_merge_back),
	KTEST_CASE(tiny_reuses_the_hole),
	KTEST_CASE(tiny_keeps_alignment),
	KTEST_CASE(tiny_realloc_keeps_bytes),
	KTEST_CASE(tiny_bad_frees_reported),
	KTEST_CASE(tiny_runs_out_cleanly),
#ifdef CONFIG_MM_HEAP_BITMAP
	KTEST_CASE(tiny_scanned_conservatively),
#endif
};
KTEST_SUITE(mm_tiny, tiny_cases);
