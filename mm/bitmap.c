// SPDX-License-Identifier: MIT
/*
 * Heap bitmap: the iterator over per-arena chunks and the writers: an
 * object's bits, cleared bits, and a small span's slot layout.
 * mm/bitmap.h describes the encoding.
 */
#include "bitmap.h"
#include "tiny_chunk.h"

/*
 * Chunks made so far. While there are none, every arena's spans imply
 * every bit, and a large object's writers stop at one load instead of an
 * index lookup. Raised under the heap lock before the chunk is published:
 * whoever sees a chunk sees the count.
 */
static unsigned int hb_chunks;

/* Words in @a's chunk. */
static size_t chunk_words(const struct heap_arena *a)
{
	return (size_t)a->npages * HB_WORDS_PER_PAGE;
}

int heap_bits_for_addr(uintptr_t addr, struct heap_bits *hb)
{
	struct heap_arena *a;
	long i;

	addr &= ~(uintptr_t)(HB_WORD - 1);
	a = arena_of(addr);
	if (!a || (i = arena_page(a, addr_to_pfn(addr))) < 0 ||
	    a->state[i] == PG_HOLE || a->state[i] == PG_META)
		return -EFAULT;	/* not heap: no RAM, reserved, metadata */
	hb->a = a;
	hb->addr = addr;
	hb->w = (size_t)i * HB_WORDS_PER_PAGE +
		(addr & (PAGE_SIZE - 1)) / HB_WORD;
	return 0;
}

static unsigned int plane_bit(const unsigned long *plane, size_t w)
{
	return (unsigned int)(__atomic_load_n(&plane[w / BITS_PER_LONG],
					      __ATOMIC_RELAXED) >>
			      (w % BITS_PER_LONG)) & 1;
}

/* @a's chunk, or NULL while its spans imply every bit. */
static unsigned long *chunk_of(const struct heap_arena *a)
{
	return __atomic_load_n(&a->bitmap, __ATOMIC_ACQUIRE);
}

/*
 * The bits of the word @hb names in an arena without a chunk: what its
 * span implies. A small span's slot layout; a large object, a tiny span's
 * live chunk, or a kept run that still holds one's bits, is untyped (an object that wants other
 * bits makes the chunk first); anything else 0/0.
 */
static unsigned int implied_bits(const struct heap_bits *hb)
{
	size_t i = hb->w / HB_WORDS_PER_PAGE, size;
	struct span *s = hb->a->spans[i];
	uintptr_t off;

	if (hb->a->state[i] != PG_SPAN || !s)
		return 0;
	off = hb->addr - span_base(s);
	switch (s->state) {
	case SPAN_SMALL:
		size = sizeclass_size(s->sizeclass);
		if (off >= (size_t)s->nelems * size)
			return 0;	/* the tail past the last slot */
		return HB_PTR | (off % size ? 0 : HB_SCAN);
	case SPAN_CACHED:
		if (!s->bits_untyped)
			return 0;
		/* fall through */
	case SPAN_LARGE:
		return HB_PTR | (off ? 0 : HB_SCAN);
	case SPAN_TINY:	/* untyped objects only (kmalloc_caller()) */
		off = tiny_chunk_holding(s, hb->addr);
		if (!off)
			return 0;
		return HB_PTR | (hb->addr == off ? HB_SCAN : 0);
	}
	return 0;
}

unsigned int heap_bits_get(const struct heap_bits *hb)
{
	const unsigned long *bm = chunk_of(hb->a);
	size_t pl = (size_t)hb->a->npages * HB_LONGS_PER_PAGE;

	if (!bm)
		return implied_bits(hb);
	return plane_bit(bm, hb->w) * HB_PTR |
	       plane_bit(bm + pl, hb->w) * HB_SCAN;
}

int heap_bits_forward(struct heap_bits *hb, size_t n)
{
	if (hb->w + n < chunk_words(hb->a)) {
		hb->w += n;
		hb->addr += n * HB_WORD;
		return 0;
	}
	/* Off the end of this chunk: find the next arena's. */
	return heap_bits_for_addr(hb->addr + n * HB_WORD, hb);
}

int heap_bits_next(struct heap_bits *hb)
{
	return heap_bits_forward(hb, 1);
}

/* First set bit of @bits in [from, lim), or @lim. */
static size_t find_next_bit(const unsigned long *bits, size_t lim, size_t from)
{
	while (from < lim) {
		unsigned long v = __atomic_load_n(&bits[from / BITS_PER_LONG],
						  __ATOMIC_RELAXED) >>
				  (from % BITS_PER_LONG);

		if (v)
			return min(lim, from + __ffs(v));
		from = ALIGN_DOWN(from, BITS_PER_LONG) + BITS_PER_LONG;
	}
	return lim;
}

long heap_bits_forward_or_boundary(struct heap_bits *hb, size_t n)
{
	size_t moved = 0;

	while (moved < n) {
		size_t lim = min(chunk_words(hb->a), hb->w + (n - moved) + 1);
		size_t hit;

		if (chunk_of(hb->a)) {
			hit = find_next_bit(hb_plane(hb->a, 1), lim, hb->w + 1);
			if (hit == lim)	/* no boundary: as far as allowed */
				hit = lim - 1;
			moved += hit - hb->w;
			hb->addr += (hit - hb->w) * HB_WORD;
			hb->w = hit;
			if (moved == n || (heap_bits_get(hb) & HB_SCAN))
				return (long)moved;
		}
		/* At the chunk's last word, or bits implied by the spans
		 * (no chunk): one word on, into the next arena's chunk. */
		if (heap_bits_next(hb))
			return -EFAULT;
		if (++moved == n || (heap_bits_get(hb) & HB_SCAN))
			return (long)moved;
	}
	return (long)moved;
}

/* ---- writers ---------------------------------------------------------- */

/* Set the bits of @m in *@p to those of @bits, atomically. */
static void hb_write_long(unsigned long *p, unsigned long m, unsigned long bits)
{
	unsigned long old = __atomic_load_n(p, __ATOMIC_RELAXED);

	while (!__atomic_compare_exchange_n(p, &old, (old & ~m) | (bits & m),
					    true, __ATOMIC_RELEASE,
					    __ATOMIC_RELAXED))
		;
}

/* @n (<= BITS_PER_LONG) bits of the repeating pattern from word @k on. */
static unsigned long pattern_bits(const struct hb_pattern *pat, size_t k,
				  unsigned int n)
{
	unsigned long bits = 0;
	size_t i;

	if (pat->limit && k + n > pat->limit)
		n = k < pat->limit ? (unsigned int)(pat->limit - k) : 0;
	if (!n)
		return 0;
	if (!pat->mask)
		return pat->all ? (n == BITS_PER_LONG ? ~0UL : (1UL << n) - 1)
				: 0;
	i = k % pat->nwords;
	for (unsigned int j = 0; j < n; j++) {
		if (pat->mask[i / BITS_PER_LONG] >> (i % BITS_PER_LONG) & 1)
			bits |= 1UL << j;
		if (++i == pat->nwords)
			i = 0;
	}
	return bits;
}

/* @n (<= BITS_PER_LONG) bits of bit string @src from bit @pos on. */
static unsigned long bits_at(const unsigned long *src, size_t pos,
			     unsigned int n)
{
	unsigned int sh = pos % BITS_PER_LONG;
	unsigned long v = src[pos / BITS_PER_LONG] >> sh;

	if (sh && sh + n > BITS_PER_LONG)
		v |= src[pos / BITS_PER_LONG + 1] << (BITS_PER_LONG - sh);
	return n == BITS_PER_LONG ? v : v & ((1UL << n) - 1);
}

/*
 * Write words [w, w + n) of @plane: bit j of the range gets bit j of the
 * source, which is either a pattern (from object word k0 on) or a bit
 * string (from bit k0 on). Longs the range shares with neighbours are
 * merged atomically; longs wholly inside it belong to this object alone
 * and are stored plainly, or memset for all/none patterns, so a large
 * object costs about a memset of 1/32 (1/64) of its size per plane.
 */
static void plane_write(unsigned long *plane, size_t w, size_t n,
			const struct hb_pattern *pat, const unsigned long *src,
			size_t k0)
{
	size_t done = 0;

	while (done < n) {
		size_t pos = w + done;
		unsigned int sh = pos % BITS_PER_LONG;
		unsigned int take = (unsigned int)min((size_t)(BITS_PER_LONG - sh),
						      n - done);
		unsigned long v, m;

		if (take == BITS_PER_LONG && !src && !pat->mask &&
		    (!pat->limit || k0 + n <= pat->limit)) {
			/* A run of whole longs of one value. */
			size_t longs = (n - done) / BITS_PER_LONG;

			memset(&plane[pos / BITS_PER_LONG], pat->all ? 0xff : 0,
			       longs * sizeof(long));
			done += longs * BITS_PER_LONG;
			continue;
		}
		v = src ? bits_at(src, k0 + done, take)
			: pattern_bits(pat, k0 + done, take);
		if (take == BITS_PER_LONG) {
			WRITE_ONCE(plane[pos / BITS_PER_LONG], v);
		} else {
			m = ((1UL << take) - 1) << sh;
			hb_write_long(&plane[pos / BITS_PER_LONG], m, v << sh);
		}
		done += take;
	}
}

/*
 * Call @fn for each chunk piece of the object [p, p + size): the arena,
 * the first word in its chunk, the words in the piece, the piece's first
 * word in the object.
 */
static void for_each_piece(uintptr_t p, size_t words,
			   void (*fn)(struct heap_arena *a, size_t w, size_t n,
				      size_t k, void *arg),
			   void *arg)
{
	struct heap_bits hb;
	size_t k = 0;

	while (k < words) {
		size_t n;

		BUG_ON(heap_bits_for_addr(p + k * HB_WORD, &hb));
		n = min(words - k, chunk_words(hb.a) - hb.w);
		fn(hb.a, hb.w, n, k, arg);
		k += n;
	}
}

struct set_args {
	const struct hb_pattern *pat;
	const unsigned long *scratch;	/* out-of-place P bits, or NULL */
};

/* The S plane over an object is clear but for its first word's bit (see
 * heap_bits_set_object()): only that bit is written. */
static void set_piece(struct heap_arena *a, size_t w, size_t n, size_t k,
		      void *arg)
{
	const struct set_args *sa = arg;

	if (!chunk_of(a))
		return;		/* the bits are implied by the span */
	plane_write(hb_plane(a, 0), w, n, sa->pat, sa->scratch, k);
	if (k == 0)
		hb_write_long(&hb_plane(a, 1)[w / BITS_PER_LONG],
			      1UL << (w % BITS_PER_LONG), ~0UL);
}

/*
 * No arena has a chunk, or the @size bytes at @p lie in one arena, which
 * has none: the spans imply every bit, so the object has none to write or
 * clear. One load, or one index walk, where the general path takes one a
 * piece and a call each; the large objects of most programs end here.
 */
static bool heap_bits_implied(uintptr_t p, size_t size)
{
	struct heap_arena *a;

	if (!__atomic_load_n(&hb_chunks, __ATOMIC_RELAXED))
		return true;
	a = arena_of(p);
	return a && !chunk_of(a) && arena_backs(a, addr_to_pfn(p + size - 1));
}

void heap_bits_set_object(void *p, size_t size, const struct hb_pattern *pat)
{
	size_t words = size / HB_WORD;
	struct set_args sa = { pat, NULL };
	struct heap_bits hb;

	if (heap_bits_implied((uintptr_t)p, size))
		return;
	BUG_ON(heap_bits_for_addr((uintptr_t)p, &hb));
	if (words <= chunk_words(hb.a) - hb.w) {
		set_piece(hb.a, hb.w, words, 0, &sa);
		return;
	}
	if (!pat->mask) {
		/* All or none: nothing to unroll, and the object's memory is
		 * left alone (a freed small slot keeps its poison). */
		for_each_piece((uintptr_t)p, words, set_piece, &sa);
		return;
	}
	/*
	 * The object runs into the next arena's chunk: unroll its P bits
	 * into its own memory first, then copy them into each chunk. It is
	 * a large object, so its first words / 8 bytes are ours to scribble.
	 */
	{
		unsigned long *scratch = p;
		size_t longs = DIV_ROUND_UP(words, BITS_PER_LONG);

		for (size_t i = 0; i < longs; i++)
			scratch[i] = pattern_bits(
				pat, i * BITS_PER_LONG,
				(unsigned int)min((size_t)BITS_PER_LONG,
						  words - i * BITS_PER_LONG));
		sa.scratch = scratch;
		for_each_piece((uintptr_t)p, words, set_piece, &sa);
		memset(scratch, 0, longs * sizeof(long));
	}
}

/* @arg: whether S bits other than the first word's may be set (a small
 * span's layout), else only that one is cleared. */
static void clear_piece(struct heap_arena *a, size_t w, size_t n, size_t k,
			void *arg)
{
	static const struct hb_pattern none = { NULL, 0, false, 0 };
	const bool *starts = arg;

	if (!chunk_of(a))
		return;
	plane_write(hb_plane(a, 0), w, n, &none, NULL, 0);
	if (*starts)
		plane_write(hb_plane(a, 1), w, n, &none, NULL, 0);
	else if (k == 0)
		hb_write_long(&hb_plane(a, 1)[w / BITS_PER_LONG],
			      1UL << (w % BITS_PER_LONG), 0);
}

void heap_bits_clear_object(const void *p, size_t size)
{
	bool starts = false;

	if (heap_bits_implied((uintptr_t)p, size))
		return;
	for_each_piece((uintptr_t)p, size / HB_WORD, clear_piece, &starts);
}

void heap_bits_clear_span(uintptr_t base, size_t npages)
{
	bool starts = true;

	for_each_piece(base, (npages << PAGE_SHIFT) / HB_WORD, clear_piece,
		       &starts);
}

/* ---- the slot layout of a small span ---------------------------------- */

struct layout_args {
	size_t slot_words;	/* words per slot */
	size_t used;		/* words in slots: slots * slot_words */
};

/*
 * Words [k, k + n) of the span, at word @w of @a's chunk. Spans and chunks
 * are whole pages, so a piece is whole longs: each is stored, not merged,
 * and built in a register with one step per slot start, not per word.
 */
static void layout_piece(struct heap_arena *a, size_t w, size_t n, size_t k,
			 void *arg)
{
	const struct layout_args *la = arg;
	size_t next = DIV_ROUND_UP(k, la->slot_words) * la->slot_words;
	unsigned long *pl, *sl;

	MM_BUG_ON(w % BITS_PER_LONG || n % BITS_PER_LONG);
	if (!chunk_of(a))
		return;
	pl = hb_plane(a, 0);
	sl = hb_plane(a, 1);
	for (size_t i = 0; i < n; i += BITS_PER_LONG, k += BITS_PER_LONG) {
		unsigned long ptr = 0, start = 0;

		if (k + BITS_PER_LONG <= la->used)
			ptr = ~0UL;
		else if (k < la->used)
			ptr = (1UL << (la->used - k)) - 1;
		for (; next < k + BITS_PER_LONG && next < la->used;
		     next += la->slot_words)
			start |= 1UL << (next - k);
		WRITE_ONCE(pl[(w + i) / BITS_PER_LONG], ptr);
		WRITE_ONCE(sl[(w + i) / BITS_PER_LONG], start);
	}
}

void heap_bits_set_layout(uintptr_t base, size_t npages, size_t slot_size,
			  size_t nslots)
{
	struct layout_args la = { slot_size / HB_WORD,
				  nslots * (slot_size / HB_WORD) };

	MM_BUG_ON(base % PAGE_SIZE || la.used > npages * HB_WORDS_PER_PAGE);
	for_each_piece(base, npages * HB_WORDS_PER_PAGE, layout_piece, &la);
}

/* ---- chunks made on demand -------------------------------------------- */

/* The objects of tiny span @s in @a's pages [pfn, pfn + np), whose first
 * word is word @w of @a's chunk: each untyped. */
static void fill_tiny(struct heap_arena *a, struct span *s, pfn_t pfn,
		      size_t np, size_t w, struct set_args *sa)
{
	uintptr_t lo = pfn_to_addr(pfn), hi = lo + (np << PAGE_SHIFT), c;
	size_t size;

	tiny_for_each_obj(s, c, size) {
		uintptr_t x = max(c, lo), y = min(c + size, hi);

		if (x < y)
			set_piece(a, w + (x - lo) / HB_WORD, (y - x) / HB_WORD,
				  (x - c) / HB_WORD, sa);
	}
}

/*
 * Write into @chunk, the new chunk of @a, what each span of @a implies
 * (implied_bits()), piece by piece: O(pages + span words / BITS_PER_LONG
 * + slots). Heap lock held, which spans are made and released under.
 */
static void chunk_fill_locked(struct heap_arena *a, unsigned long *chunk)
{
	static const struct hb_pattern all = { NULL, 0, true, 0 };
	struct heap_arena tmp = *a;	/* @a with its chunk, unpublished */
	struct set_args sa = { &all, NULL };

	tmp.bitmap = chunk;
	for (unsigned int i = 0; i < a->npages;) {
		struct span *s = a->spans[i];
		pfn_t pfn = a->pfn0 + i;
		size_t np, w = (size_t)i * HB_WORDS_PER_PAGE, k;

		if (a->state[i] != PG_SPAN || !s) {
			i++;
			continue;
		}
		np = min((size_t)(s->start + s->npages - pfn),
			 (size_t)(a->npages - i));
		k = (size_t)(pfn - s->start) * HB_WORDS_PER_PAGE;
		if (s->state == SPAN_SMALL) {
			size_t sw = sizeclass_size(s->sizeclass) / HB_WORD;
			struct layout_args la = { sw, s->nelems * sw };

			layout_piece(&tmp, w, np * HB_WORDS_PER_PAGE, k, &la);
		} else if (s->state == SPAN_LARGE ||
			   (s->state == SPAN_CACHED && s->bits_untyped)) {
			set_piece(&tmp, w, np * HB_WORDS_PER_PAGE, k, &sa);
		} else if (s->state == SPAN_TINY) {
			fill_tiny(&tmp, s, pfn, np, w, &sa);
		}
		i += (unsigned int)np;
	}
}

int heap_bits_need(uintptr_t p, size_t size)
{
	uintptr_t last = p + size - 1;	/* the top arena may end at 2^32 */
	unsigned long flags;
	int err = 0;

	for (;;) {
		struct heap_arena *a = arena_of(p);
		unsigned long *chunk;
		size_t pages;

		if (!a)
			return -EFAULT;
		if (!chunk_of(a)) {
			pages = DIV_ROUND_UP(HB_BYTES((size_t)a->npages),
					     PAGE_SIZE);
			flags = spin_lock_irqsave(&mheap.lock);
			if (!a->bitmap) {
				chunk = page_carve_meta_locked(pages, true);
				if (chunk) {
					chunk_fill_locked(a, chunk);
					__atomic_store_n(&hb_chunks,
							 hb_chunks + 1,
							 __ATOMIC_RELAXED);
					__atomic_store_n(&a->bitmap, chunk,
							 __ATOMIC_RELEASE);
				}
				err = chunk ? 0 : -ENOMEM;
			}
			spin_unlock_irqrestore(&mheap.lock, flags);
			if (err)
				return err;
		}
		if (last - a->base < ARENA_SIZE)
			return 0;
		p = a->base + ARENA_SIZE;	/* on into the next arena */
	}
}
