/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the allocator's self-test suites: a seeded PRNG,
 * address-derived tokens written into blocks and checked before they are
 * freed, and heap snapshots to prove an operation changed nothing.
 */
#ifndef MM_TEST_H
#define MM_TEST_H

#include <baremm/ktest.h>
#include "../../mm/internal.h"
#include "../../mm/lookup.h"

/*
 * Operations of a random stress run. Debug level 3 validates the whole
 * heap after every allocation and free, O(heap) each (red zones and
 * poison of every object and free slot), so there a run does a tenth of
 * the operations: each is checked far more closely, and the board's
 * image stays well inside the runner's timeout (docs/testing.md).
 */
#define MT_STRESS_OPS(n) (CONFIG_MM_DEBUG_LEVEL >= 3 ? (n) / 10 : (n))

/* xorshift64*: deterministic per seed, the same on every board. */
struct mt_rng {
	u64 s;
};

static inline u32 mt_next(struct mt_rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return (u32)((r->s * 0x2545F4914F6CDD1DULL) >> 32);
}

/* Uniform in [0, n) for n > 0, by multiply (no divide). */
static inline u32 mt_below(struct mt_rng *r, u32 n)
{
	return (u32)(((u64)mt_next(r) * n) >> 32);
}

/* The token of a block: its address mixed with a tag, never 0. */
static inline uintptr_t mt_token(const void *p, uintptr_t tag)
{
	return ((uintptr_t)p * 0x9E3779B1u) ^ tag ^ 1;
}

/* Write the token at the start and, for long blocks, the end of [p, p+n). */
static inline void mt_fill(void *p, size_t n, uintptr_t tag)
{
	uintptr_t t = mt_token(p, tag);

	memcpy(p, &t, min(n, sizeof(t)));
	if (n >= 2 * sizeof(t))
		memcpy((char *)p + n - sizeof(t), &t, sizeof(t));
}

static inline bool mt_check(const void *p, size_t n, uintptr_t tag)
{
	uintptr_t t = mt_token(p, tag), a = 0, b;

	memcpy(&a, p, min(n, sizeof(t)));
	if (n < sizeof(t)) {
		uintptr_t want = 0;

		memcpy(&want, &t, n);
		return a == want;
	}
	if (a != t)
		return false;
	if (n >= 2 * sizeof(t)) {
		memcpy(&b, (const char *)p + n - sizeof(t), sizeof(t));
		return b == t;
	}
	return true;
}

/* Page-level totals that must come back exactly after an operation. */
struct mt_snap {
	size_t free_bytes, used_bytes, meta_bytes;
	unsigned long bad_frees;
};

static inline void mt_snapshot(struct mt_snap *s)
{
	struct mm_stats st;

	mm_get_stats(&st);
	s->free_bytes = st.free_bytes;
	s->used_bytes = st.used_bytes;
	s->meta_bytes = st.meta_bytes;
	s->bad_frees = st.bad_frees;
}

/*
 * kmalloc through the size classes even on a tiny heap (mm/tiny.h), for
 * the cases that test the class layers through it; mt_tiny_set(old)
 * after. Objects keep their span's kind, so they are freed alike.
 */
static inline bool mt_tiny_set(bool on)
{
	bool was = tiny_active;

#if defined(CONFIG_MM_TINY) && !defined(CONFIG_MM_TINY_ONLY)
	/* kmalloc's fast path serves from the spans the CPU caches hold;
	 * a tiny heap's caches hold none for it. */
	if (on)
		mm_drain();
	tiny_active = on;
#else
	(void)on; /* fixed at build time */
#endif
	return was;
}

/* kfree(@p) must be reported once and change nothing. */
static inline void mt_expect_rejected(struct ktest *t, const void *p,
				      const char *what)
{
	struct mt_snap before, after;

	mt_snapshot(&before);
	kfree(p);
	mt_snapshot(&after);
	if (after.bad_frees != before.bad_frees + 1)
		KTEST_FAIL(t, "%s: %lu reports, want 1", what,
			   after.bad_frees - before.bad_frees);
	KTEST_EXPECT_EQ(t, after.free_bytes, before.free_bytes);
	KTEST_EXPECT_EQ(t, after.used_bytes, before.used_bytes);
	KTEST_EXPECT_EQ(t, after.meta_bytes, before.meta_bytes);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

/* Push @p on a list threaded through the objects' first word. */
static inline void mt_push(void **list, void *p)
{
	*(void **)p = *list;
	*list = p;
}

/* kfree() every object of a list made by mt_push(). */
static inline void mt_kfree_list(void *list)
{
	while (list) {
		void *p = list;

		list = *(void **)p;
		kfree(p);
	}
}

/* Objects allocated and not freed, over every size class. */
static inline unsigned long mt_live_objects(void)
{
	struct mm_stats st;
	unsigned long n = 0;

	mm_get_stats(&st);
	for (unsigned int c = 0; c < st.nr_classes && c < MM_STATS_CLASSES; c++)
		n += st.cls[c].live;
	return n;
}

/*
 * Expect every page to be back since @before: the same bytes in use, and
 * free bytes short by exactly the metadata made since (arenas grown, span
 * structs, tag arrays), which stays. Returns the metadata growth.
 */
#define MT_EXPECT_PAGES_BACK(t, before)                                        \
	({                                                                     \
		struct mt_snap now_;                                           \
		mt_snapshot(&now_);                                            \
		KTEST_EXPECT_EQ(t, now_.used_bytes, (before)->used_bytes);     \
		KTEST_EXPECT_EQ(t, now_.free_bytes + now_.meta_bytes,          \
				(before)->free_bytes + (before)->meta_bytes);  \
		now_.meta_bytes - (before)->meta_bytes;                        \
	})

/*
 * As MT_EXPECT_PAGES_BACK, after a run that exhausted the heap: running
 * out of pages on one CPU trims the free tails of partly used spans left
 * by earlier suites (central_trim_tails()), so bytes in use may only have
 * gone down, into free bytes.
 */
#define MT_EXPECT_PAGES_BACK_OOM(t, before)                                    \
	({                                                                     \
		struct mt_snap now_;                                           \
		mt_snapshot(&now_);                                            \
		KTEST_EXPECT_LE(t, now_.used_bytes, (before)->used_bytes);     \
		KTEST_EXPECT_EQ(t,                                             \
				now_.free_bytes + now_.meta_bytes +            \
					now_.used_bytes,                       \
				(before)->free_bytes + (before)->meta_bytes +  \
					(before)->used_bytes);                 \
		now_.meta_bytes - (before)->meta_bytes;                        \
	})

/* Expect the heap's page totals to equal @before. */
#define MT_EXPECT_SAME_HEAP(t, before)                                         \
	do {                                                                   \
		struct mt_snap now_;                                           \
		mt_snapshot(&now_);                                            \
		KTEST_EXPECT_EQ(t, now_.free_bytes, (before)->free_bytes);     \
		KTEST_EXPECT_EQ(t, now_.used_bytes, (before)->used_bytes);     \
		KTEST_EXPECT_EQ(t, now_.meta_bytes, (before)->meta_bytes);     \
	} while (0)

/* The object [p, p + n) lies in one region: no object spans two banks. */
static inline bool mt_in_one_region(const void *p, size_t n)
{
	pfn_t s = addr_to_pfn((uintptr_t)p);
	pfn_t e = addr_to_pfn((uintptr_t)p + n - 1);

	for (unsigned int i = 0; i < memblock.nr_regions; i++) {
		if (s >= memblock.region[i].start && e < memblock.region[i].end)
			return true;
	}
	return false;
}

#endif
