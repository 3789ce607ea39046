/* SPDX-License-Identifier: MIT */
/*
 * The heap bitmap: two bits for every pointer-sized word of the heap, kept
 * in one chunk per arena and reached through the arena index, so it costs
 * bitmap only for arenas in use (Go's sparse heap bitmap).
 *
 * Encoding. A chunk holds two planes of one bit per word, for the arena's
 * backed pages only:
 *
 *   P (pointer) plane: 1 = this word may hold a heap pointer.
 *   S (scan)    plane: 1 = an object (or, in a small span, a slot) starts
 *                      at this word: the boundary forward_or_boundary()
 *                      stops at. 0 on every other word.
 *
 *   word of ...                    P             S
 *   free pages                     0             0
 *   small span: slot layout        1 (all)       1 on the slot's first word
 *     free slot, untyped object    = layout      = layout
 *     __GFP_NOSCAN object          0 (all)       = layout
 *     typed object                 type's mask   = layout
 *   large object: untyped          1 (all)       1 on its first word
 *     __GFP_NOSCAN / typed         0 / mask      1 on its first word
 *
 * A small span's layout is written once, when the span is made, and
 * cleared when its pages go back; only objects whose bits differ from it
 * write bits, when handed out, and restore it when freed (mm/typed.c). A
 * large object's bits are set when it is handed out and cleared before it
 * is freed. Readers look at live objects only, so a free slot's layout
 * bits are never taken for an object's. Bits are changed with atomic
 * OR/AND on the longs an object shares with its neighbours, so
 * neighbours merge their bits instead of overwriting them.
 *
 * A typed object that crosses from one arena into the next (a large one,
 * or a small one in a span that straddles two chunks) has
 * its P bits unrolled out of place, into the object's own memory, and then
 * copied into each arena's chunk; the scratch is zeroed afterwards. That is
 * the seed's heapBitsSetType trick, which keeps the pattern logic unaware
 * of chunk boundaries.
 */
#ifndef MM_BITMAP_H
#define MM_BITMAP_H

#include "lookup.h"

/* Words of the heap per bitmap long, per page, per arena. */
#define HB_WORD			sizeof(void *)
#define HB_WORDS_PER_PAGE	(PAGE_SIZE / HB_WORD)
_Static_assert(HB_WORDS_PER_PAGE % BITS_PER_LONG == 0,
	       "a page's bits fill whole longs");
#define HB_LONGS_PER_PAGE	(HB_WORDS_PER_PAGE / BITS_PER_LONG)

/* Bytes of bitmap (both planes) for @npages backed pages: 1/16 of the
 * heap on 32-bit (2 bits per 4-byte word), 1/32 on 64-bit. */
#define HB_BYTES(npages) ((npages) * HB_LONGS_PER_PAGE * sizeof(long) * 2)

/* Bits of one word, as read by the iterator. */
#define HB_PTR	1u	/* P plane */
#define HB_SCAN	2u	/* S plane: object boundary */

/*
 * An iterator over the heap bitmap. It names one word: its arena's chunk
 * and the word's index in it. next() and forward() move to the next
 * arena's chunk when they run off the end of one.
 */
struct heap_bits {
	struct heap_arena *a;
	uintptr_t addr;		/* the word's address */
	size_t w;		/* word index in the chunk */
};

/* heap_bits_for_addr - iterator at the word holding @addr.
 * Return: 0, or -EFAULT when @addr is not a heap page (free or in use) of
 * a grown arena: never faults. */
int heap_bits_for_addr(uintptr_t addr, struct heap_bits *hb);
/* The two bits of the current word (HB_PTR | HB_SCAN). */
unsigned int heap_bits_get(const struct heap_bits *hb);
/* Move one word on. Return: 0, or -EFAULT past the end of the heap. */
int heap_bits_next(struct heap_bits *hb);
/* Move @n words on, across chunks. Return: 0 or -EFAULT. */
int heap_bits_forward(struct heap_bits *hb, size_t n);
/*
 * Move on to the next object boundary (S bit) within @n words, not
 * counting the current word. Return: words moved (== @n when no boundary
 * came first), or -EFAULT when the heap ended first.
 */
long heap_bits_forward_or_boundary(struct heap_bits *hb, size_t n);

/* A pattern of P bits: a mask of @nwords words repeated, or all/none. */
struct hb_pattern {
	const unsigned long *mask;	/* NULL: every word, or none */
	size_t nwords;			/* words in one repeat of @mask */
	bool all;			/* without mask: all P (true) or none */
	size_t limit;			/* words past this get no P bit; 0: none */
};

/*
 * heap_bits_set_object - mark [p, p + size) as an object with @pat. The S
 * plane there must be clear but for p's own bit, as it is over free pages
 * and over a slot of a small span's layout: only that bit is set. With a
 * mask it may use the object's first size / 32 (/ 64) bytes as scratch
 * when it crosses arenas; an all/none pattern never touches the object.
 */
void heap_bits_set_object(void *p, size_t size, const struct hb_pattern *pat);
/* heap_bits_clear_object - clear the P plane over the object [p, p + size)
 * and its S bit: free pages read 0/0 again. */
void heap_bits_clear_object(const void *p, size_t size);
/* heap_bits_clear_span - clear both planes over a small span's pages,
 * every slot's S bit included. */
void heap_bits_clear_span(uintptr_t base, size_t npages);
/*
 * heap_bits_set_layout - write the slot layout of the small span of
 * @npages pages at @base: @nslots slots of @slot_size bytes from its start,
 * P on every word of a slot, S on its first; words past the last slot get
 * neither. Whole longs, stored plainly: no one else owns a bit of a span's
 * pages. O(words / BITS_PER_LONG + nslots).
 */
void heap_bits_set_layout(uintptr_t base, size_t npages, size_t slot_size,
			  size_t nslots);

/*
 * heap_bits_need - make the chunk of every arena [p, p + size) touches,
 * before an object there writes bits that its span does not imply (a
 * __GFP_NOSCAN or typed one). An arena's chunk is made once, from
 * metadata pages, and starts out holding what its spans implied. Takes
 * the heap lock. Return: 0, or -ENOMEM when no metadata pages could be
 * had (the bits stay implied: untyped), -EFAULT outside the heap.
 */
int heap_bits_need(uintptr_t p, size_t size);

/* The chunk of an arena that has one (heap_bits_need()). */
static inline unsigned long *hb_plane(const struct heap_arena *a, int plane)
{
	return a->bitmap + (size_t)plane * a->npages * HB_LONGS_PER_PAGE;
}

#endif
