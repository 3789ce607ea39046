// SPDX-License-Identifier: MIT
/*
 * Tiny heaps: on a heap of at most TINY_HEAP_MAX, kmalloc's requests up to
 * TINY_REQ_MAX come from spans cut into chunks of any size that merge
 * again when freed, instead of one span per size class. On tens of KiB a
 * class's span is the unit of waste: twenty classes touched hold twenty
 * partly used spans (docs/benchmarks.md, "Fill"). This is the coalescing
 * fallback newlib, TLSF and Zephyr's sys_heap are on such heaps, inside
 * the same arenas, index and page allocator as every other span, so
 * lookups, large objects and kmem_caches are unchanged.
 *
 * A tiny span (SPAN_TINY, laid out in mm/tiny_chunk.h) is its bit planes
 * and chunks of whole granules (MM_MIN_ALIGN bytes): an object is a live
 * chunk, with no header. Invariants (tiny_check_span() and
 * tiny_check_bins() prove them for mm_validate()):
 *   - start bits are set exactly where chunks start, and at the end
 *     granule; live bits only where an object starts, and at the end;
 *   - a free chunk's first and last words hold its size;
 *   - no two free chunks are neighbours: a free merges with both;
 *   - each free chunk is on the list of bin tiny_bin(its granules), and a
 *     bin's bit in nonempty is set exactly when its list is not empty;
 *   - a span has an object: the free that leaves it one free chunk gives
 *     its pages back.
 * So a free is checked exactly: an interior or wild pointer meets a clear
 * start bit or no tiny span, a double free a clear live bit. An object's
 * size is the distance to the next start bit; the chunk before one is
 * found the same way, looking back at most as far as the longest object
 * (TINY_BACK longs): a chunk that far away is a free one, and its last
 * word says where it starts.
 *
 * Bins follow TLSF: a bin per granule count below TINY_LINEAR, then
 * TINY_SL bins per power of two (12.5% apart, like the size classes),
 * and one top bin for chunks too large for any request to care. An
 * allocation takes the head of its own bin when that fits, else the
 * first chunk of the first non-empty bin above (every one fits), else
 * looks TINY_SCAN deep into its own bin. Bounds: O(TINY_NBINS /
 * BITS_PER_LONG + TINY_SCAN + TINY_BACK) plus a page allocation; a free
 * O(TINY_BACK) plus a page free. Everything runs under the heap lock.
 */
#include "cpu_cache.h"
#include "init.h"
#include "lookup.h"
#include "tiny.h"
#include "tiny_chunk.h"
#include "typed.h"

/* The longest object: the largest request, and a rest too small to be a
 * chunk of its own. */
#define TINY_OBJ_MAX (TINY_REQ_MAX + TINY_MIN)
/* Longs of start bits an object's chunk spans at most, and one more. */
#define TINY_BACK (DIV_ROUND_UP(TINY_OBJ_MAX / TINY_GRAN, BITS_PER_LONG) + 1)

#define TINY_SL_BITS   3
#define TINY_SL	       (1u << TINY_SL_BITS)
#define TINY_LINEAR    (2 * TINY_SL) /* granules below: a bin per count */
#define TINY_TOP_SHIFT 11	     /* 2^11 granules and up: the top bin */
#define TINY_NBINS                                                             \
	(TINY_LINEAR + (TINY_TOP_SHIFT - TINY_SL_BITS - 1) * TINY_SL + 1)
#define TINY_BIN_WORDS DIV_ROUND_UP(TINY_NBINS, BITS_PER_LONG)
#define TINY_SCAN      8 /* chunks of its own bin a request tries */

/* Every request, with room to align it, is under the top bin: the bins
 * above its own all fit it. */
_Static_assert((2 * TINY_REQ_MAX + 2 * TINY_MIN) / TINY_GRAN <
		       (1u << TINY_TOP_SHIFT),
	       "requests below the top bin");

struct tiny_heap {
	unsigned long nonempty[TINY_BIN_WORDS]; /* bit b: bins[b] has one */
	struct tiny_free *bins[TINY_NBINS];
};

#ifndef CONFIG_MM_TINY_ONLY
bool tiny_active;
#endif
static struct tiny_heap *tiny_heap; /* persistent, made at first use */
static size_t tiny_grow_pages;	    /* pages a new tiny span asks for */

static inline struct tiny_free *free_at(uintptr_t a)
{
	return (struct tiny_free *)a;
}

static void tiny_set(const struct span *s, enum tiny_plane plane, uintptr_t a,
		     bool on)
{
	size_t g = tiny_gran(s, a);
	unsigned long *w = &tiny_plane(s, plane)[g / BITS_PER_LONG];
	unsigned long m = BIT(g % BITS_PER_LONG);

	*w = on ? *w | m : *w & ~m;
}

/* Make [a, a + size) a free chunk: its size at both ends. */
static void free_chunk_init(uintptr_t a, size_t size)
{
	free_at(a)->size = size;
	*(size_t *)(a + size - sizeof(size_t)) = size;
}

/* ---- finding chunks by their start bits -------------------------------- */

/* The first start bit at or after granule @g: the end granule has one. */
static size_t next_start(const struct span *s, size_t g)
{
	const unsigned long *st = tiny_plane(s, TINY_START);
	size_t w = g / BITS_PER_LONG;
	unsigned long m = st[w] & (~0UL << (g % BITS_PER_LONG));

	while (!m)
		m = st[++w];
	return w * BITS_PER_LONG + __ffs(m);
}

/* The last start bit at or below granule @g, looking TINY_BACK longs
 * down at most and not below the first chunk: false if none. */
static bool prev_start(const struct span *s, size_t g, size_t *start)
{
	const unsigned long *st = tiny_plane(s, TINY_START);
	size_t w = g / BITS_PER_LONG, lo = tiny_gran(s, tiny_lo(s));
	unsigned long m =
		st[w] & (~0UL >> (BITS_PER_LONG - 1 - g % BITS_PER_LONG));

	for (unsigned int n = 0; !m; n++) {
		if (n == TINY_BACK || w * BITS_PER_LONG <= lo)
			return false;
		m = st[--w];
	}
	*start = w * BITS_PER_LONG + fls(m) - 1;
	return *start >= lo;
}

size_t tiny_live_bytes(const struct span *s, uintptr_t c)
{
	size_t g = tiny_gran(s, c);

	return (next_start(s, g + 1) - g) * TINY_GRAN;
}

uintptr_t tiny_next_obj(const struct span *s, uintptr_t c, size_t *size)
{
	for (; c < tiny_end(s); c += free_at(c)->size) {
		if (tiny_test(s, TINY_LIVE, c)) {
			*size = tiny_live_bytes(s, c);
			return c;
		}
	}
	return 0;
}

uintptr_t tiny_chunk_holding(const struct span *s, uintptr_t p)
{
	size_t g;

	if (p < tiny_lo(s) || p >= tiny_end(s) ||
	    !prev_start(s, tiny_gran(s, p), &g))
		return 0; /* none that near: inside a free chunk */
	p -= span_base(s) + g * TINY_GRAN; /* offset into the chunk */
	if (!tiny_test(s, TINY_LIVE, span_base(s) + g * TINY_GRAN) ||
	    p >= tiny_live_bytes(s, span_base(s) + g * TINY_GRAN))
		return 0;
	return span_base(s) + g * TINY_GRAN;
}

/* ---- bins ------------------------------------------------------------ */

/* The bin of a free chunk of @n granules. */
static unsigned int tiny_bin(size_t n)
{
	unsigned int fl;

	if (n < TINY_LINEAR)
		return (unsigned int)n;
	if (n >> TINY_TOP_SHIFT)
		return TINY_NBINS - 1;
	fl = fls(n) - 1; /* >= TINY_SL_BITS + 1 */
	return TINY_LINEAR + (fl - TINY_SL_BITS - 1) * TINY_SL +
	       (unsigned int)((n >> (fl - TINY_SL_BITS)) & (TINY_SL - 1));
}

static unsigned int chunk_bin(const struct tiny_free *c)
{
	return tiny_bin(c->size / TINY_GRAN);
}

/* The first non-empty bin from @b up, or TINY_NBINS. */
static unsigned int tiny_next_bin(const struct tiny_heap *h, unsigned int b)
{
	unsigned int w = b / BITS_PER_LONG;
	unsigned long m;

	if (b >= TINY_NBINS)
		return TINY_NBINS;
	m = h->nonempty[w] & (~0UL << (b % BITS_PER_LONG));
	while (!m) {
		if (++w == TINY_BIN_WORDS)
			return TINY_NBINS;
		m = h->nonempty[w];
	}
	return w * BITS_PER_LONG + __ffs(m);
}

static void tiny_insert(struct tiny_heap *h, struct tiny_free *c)
{
	unsigned int b = chunk_bin(c);

	c->prev = NULL;
	c->next = h->bins[b];
	if (c->next)
		c->next->prev = c;
	h->bins[b] = c;
	h->nonempty[b / BITS_PER_LONG] |= BIT(b % BITS_PER_LONG);
}

static void tiny_unlink(struct tiny_heap *h, struct tiny_free *c)
{
	unsigned int b = chunk_bin(c);

	if (c->next)
		c->next->prev = c->prev;
	if (c->prev) {
		c->prev->next = c->next;
	} else {
		h->bins[b] = c->next;
		if (!c->next)
			h->nonempty[b / BITS_PER_LONG] &=
				~BIT(b % BITS_PER_LONG);
	}
}

/* A free chunk of at least @bytes, unlinked; NULL if none. */
static struct tiny_free *tiny_find(struct tiny_heap *h, size_t bytes)
{
	unsigned int own = tiny_bin(bytes / TINY_GRAN), b;
	struct tiny_free *c = h->bins[own];

	if (c && c->size >= bytes)
		goto found;
	b = tiny_next_bin(h, own + 1);
	if (b < TINY_NBINS) {
		c = h->bins[b];
		goto found;
	}
	/* Near a full heap a fit may still be in the request's own bin. */
	for (unsigned int i = 0; c && i < TINY_SCAN; i++) {
		c = c->next;
		if (c && c->size >= bytes)
			goto found;
	}
	return NULL;
found:
	tiny_unlink(h, c);
	return c;
}

/* ---- allocation and free --------------------------------------------- */

/* A new tiny span with room for a chunk of @bytes: tiny_grow_pages, or
 * the largest free run when that is all there is. It is one free chunk
 * and the end granule. */
static bool tiny_grow_locked(struct tiny_heap *h, size_t bytes)
{
	size_t need = 1, n, largest;
	uintptr_t lo, end;
	struct span *s;

	while ((need << PAGE_SHIFT) - TINY_GRAN -
		       ALIGN(TINY_PLANES * sizeof(long) *
				     tiny_plane_longs(need),
			     (size_t)TINY_GRAN) <
	       bytes)
		need++;
	/* Each retry asks for fewer pages (a failed one may still have used
	 * a page for span structs), so this ends. */
	for (n = max(tiny_grow_pages, need);
	     !(s = page_alloc_locked(n, 1, SPAN_TINY)); n = largest) {
		largest = page_tree_largest();
		if (largest < need || largest >= n)
			return false;
	}
	lo = tiny_lo(s);
	end = tiny_end(s);
	memset(tiny_plane(s, TINY_START), 0,
	       TINY_PLANES * sizeof(long) * tiny_plane_longs(s->npages));
	free_chunk_init(lo, end - lo);
	tiny_set(s, TINY_START, lo, true);
	tiny_set(s, TINY_START, end, true);
	tiny_set(s, TINY_LIVE, end, true);
	tiny_insert(h, free_at(lo));
	return true;
}

/* Split free chunk @c of span @s (unlinked) at @bytes: the rest is a free
 * chunk of its own, returned for the caller to bin. */
static struct tiny_free *tiny_split(const struct span *s, struct tiny_free *c,
				    size_t bytes)
{
	uintptr_t rest = (uintptr_t)c + bytes;

	free_chunk_init(rest, c->size - bytes);
	tiny_set(s, TINY_START, rest, true);
	free_chunk_init((uintptr_t)c, bytes);
	return free_at(rest);
}

/* Bytes to skip at the front of chunk @c for @align: 0, or enough to
 * leave a free chunk in front. */
static size_t tiny_skip(const struct tiny_free *c, size_t align)
{
	size_t skip = ALIGN((uintptr_t)c, align) - (uintptr_t)c;

	return skip && skip < TINY_MIN ? skip + align : skip;
}

/*
 * An object of @bytes at @align (a power of two, at least TINY_GRAN): a
 * free chunk that holds it, else one with room for any skip, else a new
 * span's. What is left in front and behind goes back to the bins. Return
 * its address, its bytes in *@got.
 */
static uintptr_t tiny_alloc_locked(struct tiny_heap *h, size_t bytes,
				   size_t align, size_t *got)
{
	size_t room = align > TINY_GRAN ? bytes + align + TINY_MIN : bytes;
	struct tiny_free *c = tiny_find(h, bytes), *lead;
	const struct span *s;
	size_t skip;

	if (c && c->size < bytes + tiny_skip(c, align)) {
		tiny_insert(h, c); /* too short once aligned */
		c = tiny_find(h, room);
	}
	if (!c && tiny_grow_locked(h, room))
		c = tiny_find(h, room);
	if (!c)
		return 0;
	s = span_of((uintptr_t)c, NULL);
	skip = tiny_skip(c, align);
	if (skip) {
		lead = c;
		c = tiny_split(s, lead, skip);
		tiny_insert(h, lead);
	}
	if (c->size - bytes >= TINY_MIN)
		tiny_insert(h, tiny_split(s, c, bytes));
	*got = c->size;
	tiny_set(s, TINY_LIVE, (uintptr_t)c, true);
	return (uintptr_t)c;
}

void *tiny_alloc(size_t size, size_t align, size_t *usable)
{
	size_t bytes = max(ALIGN(size, (size_t)TINY_GRAN), (size_t)TINY_MIN);
	unsigned long flags;
	uintptr_t c = 0;

	/* Power-of-two sizes naturally aligned, as class slots are, up to a
	 * page (kmalloc's word). */
	if (align <= MM_MIN_ALIGN && is_power_of_2(size))
		align = min(size, PAGE_SIZE);
	if (mminit_early("an allocation"))
		return NULL;
	for (int tries = 0; tries < 2 && !c; tries++) {
		flags = spin_lock_irqsave(&mheap.lock);
		/* The bins come with the first allocation, under the lock
		 * every reader of tiny_heap holds: zeroed, so empty. */
		if (!tiny_heap)
			tiny_heap =
				page_persist_alloc_locked(sizeof(*tiny_heap));
		if (tiny_heap)
			c = tiny_alloc_locked(tiny_heap, bytes,
					      max(align, (size_t)TINY_GRAN),
					      usable);
		spin_unlock_irqrestore(&mheap.lock, flags);
		/* Out of pages: what CPU caches and classes keep may do. */
		if (!c && !cpu_cache_give_back())
			break;
	}
	return (void *)c;
}

/* Object @p of tiny span @s, or the reason it is none. */
static const char *tiny_live(const struct span *s, uintptr_t p)
{
	if (!IS_ALIGNED(p, TINY_GRAN) || p < tiny_lo(s) || p >= tiny_end(s) ||
	    !tiny_test(s, TINY_START, p))
		return MM_WHY_INTERIOR;
	if (!tiny_test(s, TINY_LIVE, p))
		return MM_WHY_FREED;
	return NULL;
}

static const char *tiny_free_locked(struct tiny_heap *h, struct span *s,
				    uintptr_t p)
{
	uintptr_t next;
	const char *why;
	size_t bytes, g;

	/* Lock-free, the caller met @s at @p's page: still there and tiny,
	 * it is @p's span. Else it went, and @p with it. */
	if (s->state != SPAN_TINY || p - span_base(s) >= s->npages
								 << PAGE_SHIFT)
		return MM_WHY_NO_OBJ;
	why = tiny_live(s, p);
	if (why)
		return why;
	bytes = tiny_live_bytes(s, p);
	typed_on_free(s, (void *)p, bytes, -1);
	tiny_set(s, TINY_LIVE, p, false);
	next = p + bytes;
	if (!tiny_test(s, TINY_LIVE, next)) { /* the end granule is live */
		tiny_unlink(h, free_at(next));
		tiny_set(s, TINY_START, next, false);
		bytes += free_at(next)->size;
	}
	if (p > tiny_lo(s)) {
		/* The chunk before: its start is near, or it is a long free
		 * one whose last word says how long. */
		if (prev_start(s, tiny_gran(s, p) - 1, &g))
			next = span_base(s) + g * TINY_GRAN;
		else
			next = p - *(const size_t *)(p - sizeof(size_t));
		if (!tiny_test(s, TINY_LIVE, next)) {
			tiny_unlink(h, free_at(next));
			tiny_set(s, TINY_START, p, false);
			bytes += free_at(next)->size;
			p = next;
		}
	}
	if (p == tiny_lo(s) && p + bytes == tiny_end(s)) {
		page_free_locked(s); /* no object left in it */
		return NULL;
	}
	free_chunk_init(p, bytes);
	tiny_insert(h, free_at(p));
	return NULL;
}

const char *tiny_free(struct span *s, const void *p)
{
	unsigned long flags = spin_lock_irqsave(&mheap.lock);
	const char *why = tiny_free_locked(tiny_heap, s, (uintptr_t)p);

	spin_unlock_irqrestore(&mheap.lock, flags);
	return why;
}

size_t tiny_heap_bytes(void)
{
	return sizeof(struct tiny_heap);
}

int tiny_init_locked(size_t total_pages)
{
	/* A quarter of the heap at a time, 4 KiB at least, 256 KiB at most:
	 * few spans, so little is left over in each when a request finds
	 * no chunk (docs/benchmarks.md, "Fill"). */
	tiny_grow_pages =
		min(max(total_pages / 4, (size_t)DIV_ROUND_UP(4096, PAGE_SIZE)),
		    (size_t)(TINY_HEAP_MAX / 4) >> PAGE_SHIFT);
#ifndef CONFIG_MM_TINY_ONLY
	tiny_active = total_pages <= TINY_HEAP_MAX >> PAGE_SHIFT;
	return 0;
#else
	/* From the boot block's room: no page of their own, and the
	 * block's rounding slack left for span structs. */
	tiny_heap = page_persist_alloc_locked(sizeof(*tiny_heap));
	return tiny_heap ? 0 : -ENOMEM;
#endif
}

/* ---- lookups, the scanner, statistics and checks ----------------------- */

bool tiny_obj_find(struct span *s, uintptr_t p, bool interior,
		   struct span_obj *o)
{
	/* Only the heap bitmap's users look inside (mm/lookup.h). */
	uintptr_t c = IS_ENABLED(CONFIG_MM_HEAP_BITMAP) && interior
			      ? tiny_chunk_holding(s, p)
			      : p;

	MM_BUG_ON(interior && !IS_ENABLED(CONFIG_MM_HEAP_BITMAP));
	if (!c || tiny_live(s, c))
		return false;
	o->s = s;
	o->idx = -1;
	o->base = c;
	o->size = tiny_live_bytes(s, c);
	return true;
}

#ifdef CONFIG_MM_HEAP_BITMAP /* the scanner's, and its mark plane */
bool tiny_mark(struct span *s, uintptr_t base)
{
	bool was = tiny_test(s, TINY_MARK, base);

	tiny_set(s, TINY_MARK, base, true);
	return was;
}

void tiny_clear_marks(struct span *s)
{
	memset(tiny_plane(s, TINY_MARK), 0,
	       sizeof(long) * tiny_plane_longs(s->npages));
}
#endif

void tiny_count(struct span *s, struct mm_stats *st)
{
	size_t size;

	for (uintptr_t c = tiny_lo(s); c < tiny_end(s); c += size) {
		if (tiny_test(s, TINY_LIVE, c)) {
			size = tiny_live_bytes(s, c);
			st->cls[sizeclass_of(size)].live++;
		} else {
			size = free_at(c)->size;
			st->cached_bytes += size;
		}
	}
}

unsigned long tiny_check_span(struct span *s, int *err)
{
	const unsigned long *st = tiny_plane(s, TINY_START);
	const unsigned long *lv = tiny_plane(s, TINY_LIVE);
	unsigned long objs = 0, nfree = 0;
	uintptr_t c = tiny_lo(s), end = tiny_end(s);
	bool prev_free = false;
	size_t size = 0;

	while (c < end) {
		bool live = tiny_test(s, TINY_LIVE, c);

		size = live ? tiny_live_bytes(s, c) : free_at(c)->size;
		if (size < TINY_MIN || size % TINY_GRAN || size > end - c ||
		    (live && size > TINY_OBJ_MAX) ||
		    (!live && (prev_free ||
			       next_start(s, tiny_gran(s, c) + 1) !=
				       tiny_gran(s, c + size) ||
			       *(size_t *)(c + size - sizeof(size_t)) != size)))
			break;
		objs += live;
		nfree += !live;
		prev_free = !live;
		c += size;
	}
	for (size_t i = 0; i < tiny_plane_longs(s->npages) && c == end; i++)
		if (lv[i] & ~st[i])
			c = 0; /* a live bit where no chunk starts */
	if (c != end || !objs || !tiny_test(s, TINY_START, end) ||
	    !tiny_test(s, TINY_LIVE, end)) {
		pr_err("mm: validate: tiny span at 0x%lx: chunk at 0x%lx of "
		       "%lu "
		       "bytes breaks the tiling (%lu objects)\n",
		       (unsigned long)span_base(s), (unsigned long)c,
		       (unsigned long)size, objs);
		*err = -EUCLEAN;
	}
	return nfree;
}

void tiny_check_bins(unsigned long free_chunks, int *err)
{
	struct tiny_heap *h = tiny_heap;
	unsigned long n = 0;

	for (unsigned int b = 0; h && b < TINY_NBINS; b++) {
		struct tiny_free *prev = NULL;
		bool bit =
			h->nonempty[b / BITS_PER_LONG] & BIT(b % BITS_PER_LONG);

		if (bit != !!h->bins[b])
			goto bad;
		for (struct tiny_free *c = h->bins[b]; c;
		     prev = c, c = c->next, n++) {
			struct span *s = span_of((uintptr_t)c, NULL);

			if (!s || s->state != SPAN_TINY ||
			    !tiny_test(s, TINY_START, (uintptr_t)c) ||
			    tiny_test(s, TINY_LIVE, (uintptr_t)c) ||
			    chunk_bin(c) != b || c->prev != prev ||
			    n > free_chunks)
				goto bad;
		}
	}
	if (n == free_chunks)
		return;
bad:
	pr_err("mm: validate: tiny bins: %lu free chunks listed, %lu in "
	       "spans\n",
	       n, free_chunks);
	*err = -EUCLEAN;
}
