// SPDX-License-Identifier: MIT
/*
 * Arenas: the heap is cut into ARENA_SIZE pieces, and the arena index maps
 * an address to its arena's metadata (struct heap_arena). The index is
 * built from pages at mm_init; an arena's metadata is made from pages the
 * first time the heap grows into it.
 *
 * Index: on 32-bit one flat array of pointers for the arenas from the
 * lowest to the highest RAM, at most 2^(ADDR_BITS - ARENA_SHIFT) (1024 =
 * 4 KiB on ARM/RISC-V, 512 on MIPS32; one word for a single-bank MCU);
 * on 64-bit an L1 array of
 * L2 blocks, each L2 block carved with the first arena that needs it.
 * Writers: arena_grow_locked() under the heap lock. An entry goes from
 * arena_none (an L1 entry on 64-bit: from NULL) to an arena once,
 * published with a release store, and never back, so readers (kfree,
 * ksize) need no lock: an acquire load sees a fully built arena or
 * arena_none, which backs no page (mm/lookup.h).
 */
#include "bitmap.h"

/* 64-bit's L1 array of L2 blocks; the flat index (32-bit) or window
 * (64-bit: the first L2 block) is mheap.index. The lock-free readers are
 * inline in mm/lookup.h. */
struct heap_arena ***arena_l1;

/* Every empty index slot points at arena_none (mm/lookup.h): no backed
 * page. And every spans[] entry that never named a span at span_none.
 * Both are read-only zeroes: one block holds them, under two names. But
 * AddressSanitizer sizes each name by its type and poisons the block
 * past the smaller one: two blocks there. */
#ifdef __SANITIZE_ADDRESS__
const struct heap_arena arena_none;
const struct span span_none;
#else
static const union {
	struct heap_arena a;
	struct span s;
} arena_zeroes;
extern const struct heap_arena arena_none
	__attribute__((alias("arena_zeroes")));
extern const struct span span_none __attribute__((alias("arena_zeroes")));
#endif

struct heap_arena *arena_hot = (struct heap_arena *)&arena_none;

/* Built for speed, not size (-Os, the MCU boards): the shortcuts below. */
#ifdef __OPTIMIZE_SIZE__
#define ARENA_FOR_SPEED 0
#else
#define ARENA_FOR_SPEED 1
#endif

/*
 * Pointers @p[0..@n) to @v: a new arena's spans[] (span_none), a new L2
 * block or flat index (arena_none), a span's pages (arena_pfn_set()).
 * O(n) word stores, four a loop: about as fast as a memset(). One a
 * loop when built for size.
 */
#define ARENA_FILL_BY_4 ARENA_FOR_SPEED
#define ARENA_FILL(p, n, v)                                                  \
	do {                                                                 \
		__typeof__(p) p_ = (p), e_ = p_ + (n);                       \
		__typeof__(*p_) v_ = (v);                                    \
		for (; ARENA_FILL_BY_4 && e_ - p_ >= 4; p_ += 4)             \
			p_[0] = p_[1] = p_[2] = p_[3] = v_;                  \
		while (p_ < e_)                                              \
			*p_++ = v_;                                          \
	} while (0)

/* @n spans[] entries to span_none. */
static void arena_spans_clear(struct span **sp, size_t n)
{
	ARENA_FILL(sp, n, span_none_ptr());
}

/* Arena numbers arena_index_plan() found RAM in (on 32-bit the flat
 * index's slots); mheap.index_slots takes it once the index exists, so
 * a lookup before that (or after a failed mm_init) meets no slot, and
 * needs no test of mheap.index. */
static u32 index_plan_slots;

/* 64-bit, an arena number outside the flat window: beyond the key bits,
 * or in another L2 block, if it has one. */
struct heap_arena *arena_find_far(uintptr_t num)
{
	struct heap_arena **l2;

	if (ARENA_L1_BITS == 0 || num >> ARENA_KEY_BITS != 0 ||
	    !__atomic_load_n(&arena_l1, __ATOMIC_RELAXED))
		return arena_none_ptr();
	l2 = arena_l2(num, true);
	if (!l2)
		return arena_none_ptr();
	return __atomic_load_n(arena_slot(l2, num), MM_INDEX_LOAD);
}

/* A new L2 block or flat index: every slot arena_none. O(slots). */
static void arena_index_clear(struct heap_arena **slot, size_t n)
{
	ARENA_FILL(slot, n, arena_none_ptr());
}

/* The arena of the last page marked, under the heap lock: most runs are
 * in the one arena a small heap has, or next to the last. arena_none
 * until then (it backs no page). */
static struct heap_arena *arena_last = (struct heap_arena *)&arena_none;

/* The arena the index gives for @pfn, which must back it. */
static __noinline struct heap_arena *arena_find_backing(pfn_t pfn)
{
	struct heap_arena *a = arena_find(pfn_to_addr(pfn));

	BUG_ON(!arena_backs(a, pfn));
	arena_last = a;
	return a;
}

/* The arena that backs @pfn: @a when it does (no index walk), else the
 * index's. Heap lock held. */
static __always_inline struct heap_arena *arena_near(struct heap_arena *a,
						     pfn_t pfn)
{
	return likely(arena_backs(a, pfn)) ? a : arena_find_backing(pfn);
}

/* The arena that backs @pfn, and the page's index there in *@i. */
static __always_inline struct heap_arena *arena_backing(pfn_t pfn, size_t *i)
{
	struct heap_arena *a = arena_near(arena_last, pfn);

	*i = pfn - a->pfn0;
	return a;
}

/* Page @i of @a is free and the first or last of its free run, whose
 * struct its spans[] entry names: a neighbour is not free (free runs are
 * always merged), lies in another arena or none, or is page @span, where
 * a span is being made (its state not written yet). */
static bool arena_run_end(const struct heap_arena *a, unsigned int i,
			  unsigned int span)
{
	pfn_t pfn = a->pfn0 + i;
	struct span *s;

	if (a->state[i] != PG_FREE)
		return false;
	if (i == 0 ? !arena_pfn_free(pfn - 1, &s) : a->state[i - 1] != PG_FREE)
		return true;
	if (i + 1 == span)
		return true;
	return i + 1 == a->npages ? !arena_pfn_free(pfn + 1, &s)
				  : a->state[i + 1] != PG_FREE;
}

/*
 * @a's pages [hb_clean, end) join a span for the first time, those from
 * @start on with their span pointers already written. Clear the heap
 * bitmap of them all (free pages read 0/0 from then on, as mm/bitmap.h
 * wants; pages that go back keep that by clearing their own bits), and,
 * on one CPU, the span pointers below @start that no free run's end
 * holds, then move the watermark: below it spans[] holds span_none or
 * span structs only (span_of_unchecked()). O(end - hb_clean): address-ordered
 * first fit hands fresh pages out from the bottom, so that is the pages
 * handed out, an aligned request's lead and the holes among them.
 */
static void arena_clean_pages(struct heap_arena *a, unsigned int start,
			      unsigned int end)
{
	size_t from = (size_t)a->hb_clean * HB_LONGS_PER_PAGE;
	size_t n = (size_t)(end - a->hb_clean) * HB_LONGS_PER_PAGE;

	if (!MM_SMP) {	/* with more CPUs spans[] was cleared at growth */
		for (unsigned int i = a->hb_clean; i < start; i++)
			if (!arena_run_end(a, i, start))
				a->spans[i] = span_none_ptr();
	}
	/* No chunk yet: the one made on demand is written whole then. */
	if (IS_ENABLED(CONFIG_MM_HEAP_BITMAP) && a->bitmap) {
		memset(hb_plane(a, 0) + from, 0, n * sizeof(long));
		memset(hb_plane(a, 1) + from, 0, n * sizeof(long));
	}
	__atomic_store_n(&a->hb_clean, end, __ATOMIC_RELAXED);
}

void arena_pfn_set(pfn_t start, size_t n, u8 state, struct span *s)
{
	while (n) {
		size_t i, k;
		struct heap_arena *a = arena_backing(start, &i);

		k = min(n, (size_t)a->npages - i);
		/* Only an in-use span's pages are read for their span. The
		 * pointers go in before the state says PG_SPAN, so that an
		 * interrupt on this CPU that probes the page (a wild kfree)
		 * never pairs PG_SPAN with what spans[] held before. */
		if (state == PG_SPAN) {
			/* Four a turn: a 64 KiB object is 64 pages on mps2,
			 * and this is most of its allocation's cost. */
			ARENA_FILL(a->spans + i, k, s);
			if (i + k > a->hb_clean)
				arena_clean_pages(a, (unsigned int)i,
						  (unsigned int)(i + k));
			barrier();
		}
		/* A few pages (a kept run's spare) cost less than the
		 * call and the setup of memset(). */
		if (ARENA_FOR_SPEED && k < 8) {
			for (size_t j = 0; j < k; j++)
				a->state[i + j] = state;
		} else {
			memset(a->state + i, state, k);
		}
		start += k;
		n -= k;
	}
}

void arena_run_ends(struct span *s, bool first, bool last)
{
	pfn_t pfn = s->start;

	/* Both ends are most often in the last arena marked. */
	for (int end = 0; end < 2; end++, pfn += s->npages - 1) {
		struct heap_arena *a;

		if (!(end ? last : first))
			continue;
		a = arena_near(arena_last, pfn);
		a->spans[pfn - a->pfn0] = s;
		a->state[pfn - a->pfn0] = PG_FREE;
	}
}

void arena_run_neighbours(pfn_t start, size_t n, struct span **lo,
			  struct span **hi)
{
	/* Both neighbours in the arena of the run: one lookup. */
	if (ARENA_FOR_SPEED) {
		struct heap_arena *a = arena_near(arena_last, start);
		size_t i = start - a->pfn0;

		if (i && i + n < a->npages) {
			*lo = a->state[i - 1] == PG_FREE ? a->spans[i - 1]
							 : NULL;
			*hi = a->state[i + n] == PG_FREE ? a->spans[i + n]
							 : NULL;
			return;
		}
	}
	/* Below page 0 is pfn_t's top, never valid (pfn_lookup()). */
	if (!arena_pfn_free(start - 1, lo))
		*lo = NULL;
	if (!arena_pfn_free(start + n, hi))
		*hi = NULL;
}

bool arena_pfn_free(pfn_t pfn, struct span **s)
{
	u8 st;

	return pfn_lookup(pfn, &st, s) && st == PG_FREE;
}

/*
 * Layout of an arena's metadata block for @npages backed pages: header,
 * page->span map, page states, then two spare span structs for its first
 * free runs. Offsets in bytes; returns the total. The heap bitmap chunk
 * is not here: it is made the first time an object in the arena needs
 * bits that its span does not imply (mm/bitmap.c, heap_bits_need()).
 */
struct arena_layout {
	size_t spans, state, spares;
};

static size_t arena_layout(size_t npages, struct arena_layout *l)
{
	size_t b = ALIGN(sizeof(struct heap_arena), sizeof(void *));

	l->spans = b;
	b += npages * sizeof(struct span *);
	l->state = b;
	b = ALIGN(b + npages, sizeof(long));
	l->spares = b;
	return b + 2 * ALIGN(sizeof(struct span), sizeof(void *));
}

size_t arena_meta_bytes(size_t npages)
{
	struct arena_layout l;

	return arena_layout(npages, &l);
}

/* 64-bit: an L2 block of the index, carved with the first arena of its
 * 256 GiB. */
#define ARENA_L2_BYTES (ARENA_L2_SIZE * sizeof(void *))

size_t arena_first_meta_bytes(size_t npages)
{
	return arena_meta_bytes(npages) + (ARENA_L1_BITS ? ARENA_L2_BYTES : 0);
}

size_t arena_index_bytes(void)
{
	return (ARENA_L1_BITS ? ARENA_L1_SIZE : index_plan_slots) *
	       sizeof(void *);
}

size_t arena_index_plan(void)
{
	const struct memblock_range *r;
	uintptr_t lo = UINTPTR_MAX, hi = 0, n;

	/* memblock_add() checked that every region's keys fit. */
	for_each_region(r) {
		if (addr_arena_num(pfn_to_addr(r->start), &n))
			lo = min(lo, n);
		if (addr_arena_num(pfn_to_addr(r->end - 1), &n))
			hi = max(hi, n);
	}
	/* The flat index's range; 64-bit's window is set at its first
	 * arena (arena_grow_locked()). */
	if (!ARENA_L1_BITS && lo <= hi) {
		mheap.index_base = (u32)lo;
		index_plan_slots = (u32)(hi - lo + 1);
	}
	return arena_index_bytes();
}

/*
 * 64-bit: the first L2 block becomes the flat window of every lookup
 * (mm/lookup.h). Its array and base before its size, which a lookup
 * reads with acquire: one that sees the size sees the rest. Heap lock.
 */
static void arena_window_set(struct heap_arena **l2, uintptr_t num)
{
	if (mheap.index_slots)
		return;
	__atomic_store_n(&mheap.index, l2, __ATOMIC_RELAXED);
	__atomic_store_n(&mheap.index_base,
			 (u32)(num & ~(uintptr_t)(ARENA_L2_SIZE - 1)),
			 __ATOMIC_RELAXED);
	__atomic_store_n(&mheap.index_slots, (u32)ARENA_L2_SIZE,
			 __ATOMIC_RELEASE);
}

int arena_index_init(void)
{
	struct heap_arena **slots = page_persist_alloc_locked(
		arena_index_bytes());

	if (!slots)
		return -ENOMEM;
	if (ARENA_L1_BITS) {	/* L1 entries stay NULL till used */
		__atomic_store_n(&arena_l1, (struct heap_arena ***)slots,
				 __ATOMIC_RELEASE);
		return 0;
	}
	arena_index_clear(slots, index_plan_slots);
	/* The slots before their count: a lookup that sees the count sees
	 * the index (lookups before mm_init is done are on this CPU). */
	__atomic_store_n(&mheap.index, slots, __ATOMIC_RELEASE);
	__atomic_store_n(&mheap.index_slots, index_plan_slots,
			 __ATOMIC_RELEASE);
	return 0;
}

/* A new arena's free pages, [lo, hi) less its own metadata [mlo, mhi):
 * marked PG_FREE in @state (indexed from lo), counted and the first
 * noted, or, when @insert, handed to the page allocator as free runs
 * (page_add_grown_locked()). */
struct arena_runs {
	pfn_t lo, hi, mlo, mhi, first;
	size_t usable;
	u8 *state;
	bool insert;
};

static void arena_run(pfn_t s, pfn_t e, struct arena_runs *r)
{
	s = max(s, r->lo);
	e = min(e, r->hi);
	if (s >= e)
		return;
	if (r->insert) {
		page_add_grown_locked(s, e - s);
		return;
	}
	memset(r->state + (s - r->lo), PG_FREE, e - s);
	if (!r->usable)
		r->first = s;
	r->usable += e - s;
}

static void note_arena_run(pfn_t s, pfn_t e, void *arg)
{
	struct arena_runs *r = arg;

	arena_run(s, min(e, r->mlo), r);
	arena_run(max(s, r->mhi), e, r);
}

/* Page states of [first, first + n) but for the free ones (arena_run()):
 * holes, and metadata that memblock reserved (in RAM, always). */
static void arena_fill_states(u8 *state, pfn_t first, size_t n)
{
	pfn_t end = first + n;

	memset(state, PG_HOLE, n);
	for (unsigned int i = 0; i < memblock.nr_reserved; i++) {
		const struct memblock_range *r = &memblock.reserved[i];
		pfn_t s = max(first, r->start), e = min(end, r->end);

		if (s < e && (memblock.meta_mask & (1u << i)))
			memset(state + (s - first), PG_META, e - s);
	}
}

/*
 * Bring the next arena (in address order) into the heap: build its
 * metadata, publish it in the index and give its free pages to the
 * free-run tree. An arena with no free page (all of it reserved, say a
 * frame buffer) is passed over: it needs no metadata, and the arenas
 * above must still grow. Heap lock held.
 * Return: false when every free page is already in arenas or no metadata
 * could be placed.
 */
bool arena_grow_locked(void)
{
	const struct memblock_range *r;
	pfn_t pfn, base_pfn, end_pfn, last = 0, meta_pfn;
	struct heap_arena *a;
	struct arena_runs runs = { 0 };
	struct arena_layout lay;
	struct heap_arena **l2;
	uintptr_t num;
	size_t meta_pages, l2_bytes = 0, bytes, npages;
	u8 *states;
	bool own = false;	/* metadata in this arena's own pages */
	char *m;

	if (unlikely(page_meta_fail))
		return false;	/* no metadata for the arena (injected) */
next:
	pfn = 0;
	for_each_region(r) {
		if (r->end > mheap.grow_pfn) {
			pfn = max(r->start, mheap.grow_pfn);
			break;
		}
	}
	if (!pfn || !addr_arena_num(pfn_to_addr(pfn), &num))
		return false;
	base_pfn = pfn - ((arch_heap_key(pfn_to_addr(pfn)) & (ARENA_SIZE - 1)) >>
			  PAGE_SHIFT);
	end_pfn = base_pfn + ARENA_PAGES;
	/* The lowest free page no arena holds yet. */
	meta_pfn = memblock_find_free(mheap.grow_pfn, 1);
	if (!meta_pfn)
		return false;
	if (meta_pfn >= end_pfn) {
		mheap.grow_pfn = end_pfn;
		goto next;
	}
	for_each_region(r) {
		if (r->start < end_pfn && r->end > pfn)
			last = min(r->end, end_pfn);
	}
	npages = last - pfn;
	bytes = arena_layout(npages, &lay);
	if (ARENA_L1_BITS && !arena_l2(num, false))
		l2_bytes = ARENA_L2_BYTES;
	meta_pages = DIV_ROUND_UP(bytes + l2_bytes, PAGE_SIZE);
	/* Metadata comes from the heap's low free pages when it has them,
	 * so this arena joins its neighbour's free run unbroken and large
	 * objects may cross the seam; the very first arena, or one grown
	 * when the heap is full, holds its own. One too starved to hold it
	 * borrows the lowest free pages above it, from arenas not grown yet:
	 * memblock marks them metadata for when those grow. */
	meta_pfn = 0;
	m = page_carve_meta_locked(meta_pages, false);
	if (!m) {
		meta_pfn = memblock_find_free(mheap.grow_pfn, meta_pages);
		if (!meta_pfn)
			return false;
		own = meta_pfn + meta_pages <= last;
		if (!own && memblock_reserve_meta(meta_pfn, meta_pages))
			return false;
		m = (char *)pfn_to_addr(meta_pfn);
	}
	/* Nothing of the block is written but the header, the spares, the
	 * L2 block and, with more than one CPU, spans[] (span_none): state[] is written
	 * below and the heap bitmap is cleared page by page as pages join
	 * spans (hb_clean). spans[] is read only where state[] says PG_SPAN,
	 * and arena_pfn_set() writes a page's pointer before its state, which is
	 * enough on one CPU; a lock-free reader on another CPU may see the
	 * new state with the old pointer, which must then be span_none or a real
	 * span struct, never junk. So growing is O(npages) byte stores (and
	 * word stores on SMP), not O(metadata bytes). */
	a = (struct heap_arena *)m;
	memset(a, 0, sizeof(*a));
	a->base = pfn_to_addr(base_pfn);
	a->first = (unsigned int)(pfn - base_pfn);
	a->pfn0 = pfn;
	a->npages = (unsigned int)npages;
	a->key = (unsigned int)num;
	a->meta_pages = (unsigned int)meta_pages;
	a->spans = (struct span **)(m + lay.spans);
	if (MM_SMP)
		arena_spans_clear(a->spans, a->npages);
	a->state = states = (u8 *)(m + lay.state);
	arena_fill_states(states, pfn, a->npages);
	runs.lo = pfn;
	runs.hi = last;
	runs.state = states;
	if (meta_pfn && own) {
		memset(states + (meta_pfn - pfn), PG_META, meta_pages);
		runs.mlo = meta_pfn;
		runs.mhi = meta_pfn + meta_pages;
	}
	/* The free pages by ranges, not page by page: O(regions * reserved).
	 * No page below the first free one joins a span. Own metadata is
	 * left out of the runs, and stays PG_META. */
	arena_for_each_ungrown(note_arena_run, &runs);
	if (runs.usable) {
		a->hb_clean = (unsigned int)(runs.first - pfn);
		if (!MM_SMP)	/* else all of it is cleared above */
			arena_spans_clear(a->spans, a->hb_clean);
	}
	/* Spare span structs for the free runs inserted below; a struct is
	 * reset only up to its owner when taken, so zero them whole. */
	memset(m + lay.spares, 0, bytes - lay.spares);
	for (int i = 0; i < 2; i++)
		page_span_struct_free_locked(
			(struct span *)(m + lay.spares +
					(size_t)i * ALIGN(sizeof(struct span),
							  sizeof(void *))));
	if (l2_bytes) {
		l2 = (struct heap_arena **)(m + ALIGN(bytes, sizeof(void *)));
		arena_index_clear(l2, ARENA_L2_SIZE);
		__atomic_store_n(&arena_l1[num >> ARENA_L2_BITS], l2,
				 __ATOMIC_RELEASE);
		arena_window_set(l2, num);
	}
	l2 = ARENA_L1_BITS ? arena_l2(num, false) : mheap.index;
	__atomic_store_n(arena_slot(l2, num), a, __ATOMIC_RELEASE);
	/* Tiny only, kfree has no fast path to read it. */
	if (!IS_ENABLED(CONFIG_MM_TINY_ONLY) && arena_hot == &arena_none)
		__atomic_store_n(&arena_hot, a, __ATOMIC_RELEASE);

	/* A block carved from free runs was counted then. */
	page_add_arena_locked(meta_pages, meta_pfn != 0);

	/* Before grow_pfn moves: the walk starts from it. */
	runs.insert = true;
	arena_for_each_ungrown(note_arena_run, &runs);
	mheap.grow_pfn = end_pfn;
	return true;
}

/*
 * Call @fn for each stretch [s, e) of usable pages that no arena holds yet
 * (RAM, not reserved), in address order. O(regions * reserved).
 */
void arena_for_each_ungrown(void (*fn)(pfn_t s, pfn_t e, void *arg), void *arg)
{
	memblock_for_each_free(mheap.grow_pfn, fn, arg);
}

static void note_largest(pfn_t s, pfn_t e, void *arg)
{
	size_t *best = arg;

	*best = max(*best, (size_t)(e - s));
}

/* The largest stretch of usable pages not yet in an arena. */
size_t arena_ungrown_largest(void)
{
	size_t best = 0;

	arena_for_each_ungrown(note_largest, &best);
	return best;
}

struct heap_arena *arena_next(struct heap_arena *prev)
{
	const struct memblock_range *r;
	uintptr_t from = prev ? (uintptr_t)prev->key + 1 : 0;

	for_each_region(r) {
		uintptr_t lo, hi;

		if (!addr_arena_num(pfn_to_addr(r->start), &lo) ||
		    !addr_arena_num(pfn_to_addr(r->end - 1), &hi))
			continue;
		for (uintptr_t n = max(lo, from); n <= hi; n++) {
			struct heap_arena *a = arena_of_key(n);

			if (a)
				return a;
		}
	}
	return NULL;
}

void arena_for_each_span(void (*fn)(struct span *s, void *arg), void *arg)
{
	for (struct heap_arena *a = arena_next(NULL); a; a = arena_next(a)) {
		pfn_t base = addr_to_pfn(a->base) + a->first;

		for (unsigned int i = 0; i < a->npages; i++) {
			struct span *s = a->spans[i];

			if (a->state[i] == PG_SPAN && s &&
			    s->start == base + i)
				fn(s, arg);
		}
	}
}
