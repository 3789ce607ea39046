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
 * A tiny span (SPAN_TINY, laid out in mm/tiny_chunk.h) is a start
 * bitmap and chunks: a header of a granule (MM_MIN_ALIGN bytes) and the
 * object. A free chunk keeps its bin links where the object was.
 * Invariants (tiny_check_span() and tiny_check_bins() prove them for
 * mm_validate()):
 *   - a start bit is set exactly where a chunk starts, used or free;
 *   - a header's size leads to the next chunk, its prev back to the one
 *     before (0 for the first); the last ends at the sentinel;
 *   - no two free chunks are neighbours: a free merges with both;
 *   - each free chunk is on the list of bin tiny_bin(its granules), and a
 *     bin's bit in nonempty is set exactly when its list is not empty;
 *   - a span has a used chunk: the free that leaves it one free chunk
 *     gives its pages back.
 * So a free is checked exactly: the start bit says "a chunk starts here",
 * the used bit "it is live"; an interior or wild pointer meets a clear
 * start bit or no tiny span, a double free a clear used bit.
 *
 * Bins follow TLSF: a bin per granule count below TINY_LINEAR, then
 * TINY_SL bins per power of two (12.5% apart, like the size classes),
 * and one top bin for chunks too large for any request to care. An
 * allocation takes the head of its own bin when that fits, else the
 * first chunk of the first non-empty bin above (every one fits), else
 * looks TINY_SCAN deep into its own bin. Bounds: O(TINY_NBINS /
 * BITS_PER_LONG + TINY_SCAN) plus a page allocation; a free O(1) plus a
 * page free. Everything runs under the heap lock.
 */
#include "cpu_cache.h"
#include "init.h"
#include "lookup.h"
#include "tiny.h"
#include "tiny_chunk.h"
#include "typed.h"

/* A free chunk's bin links, where its object would be. */
struct tiny_links {
	struct tiny_chunk *next, *prev;
};

/* The smallest chunk: a header and the links of a free one. */
#define TINY_MIN ALIGN(TINY_HDR + sizeof(struct tiny_links), TINY_GRAN)

#define TINY_SL_BITS   3
#define TINY_SL	       (1u << TINY_SL_BITS)
#define TINY_LINEAR    (2 * TINY_SL) /* granules below: a bin per count */
#define TINY_TOP_SHIFT 10	     /* 2^10 granules and up: the top bin */
#define TINY_NBINS                                                             \
	(TINY_LINEAR + (TINY_TOP_SHIFT - TINY_SL_BITS - 1) * TINY_SL + 1)
#define TINY_BIN_WORDS DIV_ROUND_UP(TINY_NBINS, BITS_PER_LONG)
#define TINY_SCAN      8 /* chunks of its own bin a request tries */

/* Every request is under the top bin: the bins above its own all fit. */
_Static_assert(DIV_ROUND_UP(TINY_REQ_MAX + TINY_HDR, TINY_GRAN) <
		       (1u << TINY_TOP_SHIFT),
	       "requests below the top bin");

struct tiny_heap {
	unsigned long nonempty[TINY_BIN_WORDS]; /* bit b: bins[b] has one */
	struct tiny_chunk *bins[TINY_NBINS];
};

bool tiny_active;
static struct tiny_heap *tiny_heap; /* persistent, made at first use */
static size_t tiny_grow_pages;	    /* pages a new tiny span asks for */

static inline struct tiny_links *chunk_links(struct tiny_chunk *c)
{
	return (struct tiny_links *)((uintptr_t)c + TINY_HDR);
}

static inline struct tiny_chunk *chunk_next(struct tiny_chunk *c)
{
	return tiny_chunk_at((uintptr_t)c + tiny_chunk_bytes(c));
}

static void start_set(const struct span *s, uintptr_t c, bool on)
{
	unsigned long m, *w = tiny_start_word(s, c, &m);

	*w = on ? *w | m : *w & ~m;
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

static unsigned int chunk_bin(const struct tiny_chunk *c)
{
	return tiny_bin(tiny_chunk_bytes(c) / TINY_GRAN);
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

static void tiny_insert(struct tiny_heap *h, struct tiny_chunk *c)
{
	unsigned int b = chunk_bin(c);
	struct tiny_links *l = chunk_links(c);

	l->prev = NULL;
	l->next = h->bins[b];
	if (l->next)
		chunk_links(l->next)->prev = c;
	h->bins[b] = c;
	h->nonempty[b / BITS_PER_LONG] |= BIT(b % BITS_PER_LONG);
}

static void tiny_unlink(struct tiny_heap *h, struct tiny_chunk *c)
{
	unsigned int b = chunk_bin(c);
	struct tiny_links *l = chunk_links(c);

	if (l->next)
		chunk_links(l->next)->prev = l->prev;
	if (l->prev) {
		chunk_links(l->prev)->next = l->next;
	} else {
		h->bins[b] = l->next;
		if (!l->next)
			h->nonempty[b / BITS_PER_LONG] &=
				~BIT(b % BITS_PER_LONG);
	}
}

/* A free chunk of at least @bytes, unlinked; NULL if none. */
static struct tiny_chunk *tiny_find(struct tiny_heap *h, size_t bytes)
{
	unsigned int own = tiny_bin(bytes / TINY_GRAN), b;
	struct tiny_chunk *c = h->bins[own];

	if (c && tiny_chunk_bytes(c) >= bytes)
		goto found;
	b = tiny_next_bin(h, own + 1);
	if (b < TINY_NBINS) {
		c = h->bins[b];
		goto found;
	}
	/* Near a full heap a fit may still be in the request's own bin. */
	for (unsigned int i = 0; c && i < TINY_SCAN; i++) {
		c = chunk_links(c)->next;
		if (c && tiny_chunk_bytes(c) >= bytes)
			goto found;
	}
	return NULL;
found:
	tiny_unlink(h, c);
	return c;
}

/* ---- allocation and free --------------------------------------------- */

static void tiny_heap_init(void *obj)
{
	(void)obj; /* persistent metadata comes zeroed: bins empty */
}

/* A new tiny span with room for a chunk of @bytes: tiny_grow_pages, or
 * the largest free run when that is all there is. It is one free chunk
 * and the sentinel. */
static bool tiny_grow_locked(struct tiny_heap *h, size_t bytes)
{
	size_t need = 1, largest;
	struct tiny_chunk *c, *end;
	struct span *s;

	while ((need << PAGE_SHIFT) - tiny_bits_bytes(need) - TINY_HDR < bytes)
		need++;
	s = page_alloc_locked(max(tiny_grow_pages, need), 1, SPAN_TINY);
	if (!s) {
		largest = page_tree_largest();
		if (largest < need || largest >= max(tiny_grow_pages, need))
			return false;
		s = page_alloc_locked(largest, 1, SPAN_TINY);
		if (!s)
			return false;
	}
	memset(tiny_bits(s), 0, tiny_bits_bytes(s->npages));
	c = tiny_chunk_at(tiny_lo(s));
	end = tiny_chunk_at(tiny_end(s));
	c->size = (u32)(tiny_end(s) - tiny_lo(s));
	c->prev = 0;
	end->size = TINY_USED;
	end->prev = c->size;
	start_set(s, tiny_lo(s), true);
	tiny_insert(h, c);
	return true;
}

/* Cut @bytes from free chunk @c and mark it used: the rest, if a chunk
 * can be made of it, goes back to its bin. */
static void tiny_carve(struct tiny_heap *h, struct tiny_chunk *c, size_t bytes)
{
	size_t left = tiny_chunk_bytes(c) - bytes;
	struct tiny_chunk *rest;
	struct span *s;

	if (left >= TINY_MIN) {
		rest = tiny_chunk_at((uintptr_t)c + bytes);
		rest->size = (u32)left;
		rest->prev = (u32)bytes;
		chunk_next(rest)->prev = (u32)left;
		s = span_of((uintptr_t)c, NULL);
		start_set(s, (uintptr_t)rest, true);
		tiny_insert(h, rest);
		c->size = (u32)bytes;
	}
	c->size |= TINY_USED;
}

void *tiny_alloc(size_t size, size_t *usable)
{
	size_t bytes = max(ALIGN(size + TINY_HDR, (size_t)TINY_GRAN),
			   (size_t)TINY_MIN);
	struct tiny_chunk *c = NULL;
	struct tiny_heap *h;
	unsigned long flags;

	if (mminit_early("an allocation"))
		return NULL;
	h = page_persist_once((void **)&tiny_heap, sizeof(*h), tiny_heap_init);
	if (!h)
		return NULL;
	for (int tries = 0; tries < 2 && !c; tries++) {
		flags = spin_lock_irqsave(&mheap.lock);
		c = tiny_find(h, bytes);
		if (!c && tiny_grow_locked(h, bytes))
			c = tiny_find(h, bytes);
		if (c)
			tiny_carve(h, c, bytes);
		spin_unlock_irqrestore(&mheap.lock, flags);
		/* Out of pages: what CPU caches and classes keep may do. */
		if (!c && !cpu_cache_give_back())
			break;
	}
	if (!c)
		return NULL;
	*usable = tiny_chunk_bytes(c) - TINY_HDR;
	return (void *)((uintptr_t)c + TINY_HDR);
}

/* The live chunk at object @p of tiny span @s, or NULL and the reason.
 * Granules of the start bitmap and the sentinel have no start bit. */
static struct tiny_chunk *tiny_live(const struct span *s, uintptr_t p,
				    const char **why)
{
	uintptr_t c = p - TINY_HDR;

	*why = "not the start of an object";
	if (!IS_ALIGNED(p, TINY_GRAN) || p < span_base(s) + TINY_HDR ||
	    !tiny_starts(s, c))
		return NULL;
	*why = "object is not allocated (double free?)";
	return tiny_chunk_at(c)->size & TINY_USED ? tiny_chunk_at(c) : NULL;
}

static const char *tiny_free_locked(struct tiny_heap *h, struct span *s,
				    uintptr_t p)
{
	struct tiny_chunk *c, *next, *prev;
	const char *why;
	size_t bytes;

	/* Lock-free, the caller met @s at @p's page: still there and tiny,
	 * it is @p's span. Else it went, and @p with it. */
	if (s->state != SPAN_TINY || p - span_base(s) >= s->npages
								 << PAGE_SHIFT)
		return "not an allocated object";
	c = tiny_live(s, p, &why);
	if (!c)
		return why;
	bytes = tiny_chunk_bytes(c);
	typed_on_free(s, (void *)p, bytes - TINY_HDR, -1);
	next = chunk_next(c);
	if (!(next->size & TINY_USED)) {
		tiny_unlink(h, next);
		start_set(s, (uintptr_t)next, false);
		bytes += next->size;
	}
	if (c->prev) {
		prev = tiny_chunk_at((uintptr_t)c - c->prev);
		if (!(prev->size & TINY_USED)) {
			tiny_unlink(h, prev);
			start_set(s, (uintptr_t)c, false);
			bytes += prev->size;
			c = prev;
		}
	}
	c->size = (u32)bytes;
	next = chunk_next(c);
	next->prev = (u32)bytes;
	if (!c->prev && !tiny_chunk_bytes(next))
		page_free_locked(s); /* c is all of it: no object left */
	else
		tiny_insert(h, c);
	return NULL;
}

const char *tiny_free(struct span *s, const void *p)
{
	unsigned long flags = spin_lock_irqsave(&mheap.lock);
	const char *why = tiny_free_locked(tiny_heap, s, (uintptr_t)p);

	spin_unlock_irqrestore(&mheap.lock, flags);
	return why;
}

void tiny_init(size_t total_pages)
{
	/* A quarter of the heap at a time, 4 KiB at least, 256 KiB at most:
	 * few spans, so little is left over in each when a request finds
	 * no chunk (docs/benchmarks.md, "Fill"). */
	tiny_grow_pages =
		min(max(total_pages / 4, (size_t)DIV_ROUND_UP(4096, PAGE_SIZE)),
		    (size_t)(TINY_HEAP_MAX / 4) >> PAGE_SHIFT);
	tiny_active = total_pages <= TINY_HEAP_MAX >> PAGE_SHIFT;
}

/* ---- lookups, the scanner, statistics and checks ----------------------- */

uintptr_t tiny_chunk_holding(const struct span *s, uintptr_t p)
{
	uintptr_t c = ALIGN_DOWN(p, (uintptr_t)TINY_GRAN);

	if (p < tiny_lo(s) || p >= tiny_end(s))
		return 0;
	while (!tiny_starts(s, c)) /* tiny_lo() starts a chunk */
		c -= TINY_GRAN;
	if (!(tiny_chunk_at(c)->size & TINY_USED) || p < c + TINY_HDR ||
	    p - c >= tiny_chunk_bytes(tiny_chunk_at(c)))
		return 0;
	return c;
}

bool tiny_obj_find(struct span *s, uintptr_t p, bool interior,
		   struct span_obj *o)
{
	const char *why;
	uintptr_t c = interior ? tiny_chunk_holding(s, p) : p - TINY_HDR;

	if (!c || !tiny_live(s, c + TINY_HDR, &why))
		return false;
	o->s = s;
	o->idx = -1;
	o->base = c + TINY_HDR;
	o->size = tiny_chunk_bytes(tiny_chunk_at(c)) - TINY_HDR;
	return true;
}

bool tiny_mark(uintptr_t base)
{
	struct tiny_chunk *c = tiny_chunk_at(base - TINY_HDR);
	bool was = c->size & TINY_MARK;

	c->size |= TINY_MARK;
	return was;
}

void tiny_clear_marks(struct span *s)
{
	uintptr_t c;

	tiny_for_each_chunk(s, c) tiny_chunk_at(c)->size &= ~TINY_MARK;
}

void tiny_count(struct span *s, struct mm_stats *st)
{
	uintptr_t c;

	tiny_for_each_chunk(s, c)
	{
		size_t b = tiny_chunk_bytes(tiny_chunk_at(c));

		if (tiny_chunk_at(c)->size & TINY_USED)
			st->cls[sizeclass_of(b - TINY_HDR)].live++;
		else
			st->cached_bytes += b;
	}
}

unsigned long tiny_check_span(struct span *s, int *err)
{
	unsigned long chunks = 0, used = 0, nfree = 0, bits = 0;
	uintptr_t c = tiny_lo(s), end = tiny_end(s);
	u32 prev = 0;
	bool prev_free = false;

	while (c < end) {
		const struct tiny_chunk *k = tiny_chunk_at(c);
		size_t b = tiny_chunk_bytes(k);
		bool is_free = !(k->size & TINY_USED);

		if (b < TINY_MIN || b % TINY_GRAN || b > end - c ||
		    k->prev != prev || !tiny_starts(s, c) ||
		    (prev_free && is_free) || (is_free && k->size & TINY_MARK))
			break;
		chunks++;
		used += !is_free;
		nfree += is_free;
		prev_free = is_free;
		prev = (u32)b;
		c += b;
	}
	for (size_t i = 0; i < tiny_bits_bytes(s->npages) / sizeof(long); i++)
		bits += popcount(tiny_bits(s)[i]);
	if (c != end || bits != chunks || !used ||
	    tiny_chunk_at(end)->size != TINY_USED ||
	    tiny_chunk_at(end)->prev != prev) {
		pr_err("mm: validate: tiny span at 0x%lx: chunk at 0x%lx "
		       "breaks the tiling (%lu chunks, %lu start bits, %lu "
		       "used)\n",
		       (unsigned long)span_base(s), (unsigned long)c, chunks,
		       bits, used);
		*err = -EUCLEAN;
	}
	return nfree;
}

void tiny_check_bins(unsigned long free_chunks, int *err)
{
	struct tiny_heap *h = tiny_heap;
	unsigned long n = 0;

	for (unsigned int b = 0; h && b < TINY_NBINS; b++) {
		struct tiny_chunk *prev = NULL;
		bool bit =
			h->nonempty[b / BITS_PER_LONG] & BIT(b % BITS_PER_LONG);

		if (bit != !!h->bins[b])
			goto bad;
		for (struct tiny_chunk *c = h->bins[b]; c;
		     prev = c, c = chunk_links(c)->next, n++) {
			struct span *s = span_of((uintptr_t)c, NULL);

			if (!s || s->state != SPAN_TINY ||
			    c->size & TINY_FLAGS ||
			    !tiny_starts(s, (uintptr_t)c) ||
			    chunk_bin(c) != b || chunk_links(c)->prev != prev ||
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
