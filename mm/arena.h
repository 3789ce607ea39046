/* SPDX-License-Identifier: MIT */
/*
 * Arenas: the metadata of each ARENA_SIZE piece of the address space the
 * heap grew into (mm/arena.c). The lock-free lookup from an address to
 * its arena and page is mm/lookup.h.
 */
#ifndef MM_ARENA_H
#define MM_ARENA_H

#include "memblock.h"
#include "span.h"

/* Page states, one byte per backed page of an arena. */
enum page_state { PG_HOLE, PG_FREE, PG_SPAN, PG_META };

/*
 * Metadata of one arena, made from metadata pages when the heap first
 * grows into it (the heap's lowest free pages, or the arena's own first
 * ones when there are none) and never freed. Only the backed part of
 * the arena, pages [first, first + npages), has entries: an arena that is
 * only partly RAM pays for that part.
 */
struct heap_arena {
	uintptr_t base;		/* address of the arena's page 0 */
	unsigned int first;	/* first backed page index in the arena */
	pfn_t pfn0;		/* its pfn: base's pfn + first */
	unsigned int npages;	/* backed pages: length of spans[], state[] */
	unsigned int meta_pages; /* pages this metadata block occupies */
	unsigned int key;	/* arena number in the index */
	/* spans[i]: the span owning page first+i when state[i] is PG_SPAN;
	 * for PG_FREE only the first and last page of a run are meaningful. */
	struct span **spans;
	u8 *state;		/* enum page_state per backed page */
	/* The arena's chunk of the heap bitmap (mm/bitmap.h), for the backed
	 * pages only. NULL until an object here first needs bits that its
	 * span does not imply, and always without CONFIG_MM_HEAP_BITMAP:
	 * readers then derive the bits from the spans. Set once, under the
	 * heap lock, with a release store after its bits are written;
	 * never freed. */
	unsigned long *bitmap;
	/* Pages [0, hb_clean) have been handed out at least once or had
	 * their metadata cleared: their heap bitmap reads 0/0 unless in use,
	 * and their spans[] entry is span_none or a span struct (stale or
	 * not). Above it both hold what the metadata pages held before
	 * (spans[] is span_none with more than one CPU), but for free runs'
	 * ends: the
	 * arena is not zeroed when it grows (a bounded call), arena_pfn_set()
	 * clears a page the first time it joins a span. Written under the
	 * heap lock; kfree reads it without one on a one-CPU board. */
	unsigned int hb_clean;
};

/* arena_index_plan - size the index for the RAM memblock holds (its
 * lowest to its highest arena) and return its bytes; arena_index_init()
 * then allocates it. Before mm_init's boot block is carved. */
size_t arena_index_plan(void);
/* Bytes of the index arena_index_plan() sized. */
size_t arena_index_bytes(void);
int arena_index_init(void);
/* arena_grow_locked - create the next arena; false when RAM is used up. */
bool arena_grow_locked(void);
size_t arena_meta_bytes(size_t npages);
/* The first arena's: with an L2 block of the index on 64-bit. */
size_t arena_first_meta_bytes(size_t npages);
/* Untouched RAM pages still free beyond the grown arenas. */
size_t arena_ungrown_largest(void);
void arena_for_each_ungrown(void (*fn)(pfn_t s, pfn_t e, void *arg),
			    void *arg);
/* Iterate every arena with metadata, in address order. */
struct heap_arena *arena_next(struct heap_arena *prev);

/* Pages [start, start + n) to @state; with PG_SPAN each also to span @s,
 * else spans[] is left as it was (it means nothing there). O(n). */
void arena_pfn_set(pfn_t start, size_t n, u8 state, struct span *s);
/* Free run @s's first page (@first), its last (@last), or both, to name
 * it: the ends that moved. */
void arena_run_ends(struct span *s, bool first, bool last);
/* The free runs just below and just above pages [start, start + n), or
 * NULL: their struct, from the pages' ends (heap lock held). */
void arena_run_neighbours(pfn_t start, size_t n, struct span **lo,
			  struct span **hi);
/* Page @pfn is backed and free; its spans[] entry in *@s: the free run's
 * struct where @pfn ends the run (heap lock held). */
bool arena_pfn_free(pfn_t pfn, struct span **s);

/* Visit the first page of every in-use span, in address order; heap lock
 * held by the caller, or the caller accepts a racy walk (mm_gc). */
void arena_for_each_span(void (*fn)(struct span *s, void *arg), void *arg);

#endif
