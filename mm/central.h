/* SPDX-License-Identifier: MIT */
/*
 * Central lists (mm/central.c): per class, the spans no CPU owns.
 */
#ifndef MM_CENTRAL_H
#define MM_CENTRAL_H

#include "span.h"

struct central {
	spinlock_t lock;
	/* Spans no CPU owns, by nalloc: full (above span.relist_at), partial
	 * (1 .. relist_at) and empty (0). Empty spans wait for the next CPU that
	 * needs one instead of going back to the page allocator at once;
	 * more than CENTRAL_KEEP_EMPTY of them, mm_drain() or a failing page
	 * allocation send them back. Indexed by enum span_list less
	 * SPAN_LIST_PARTIAL (central_list()). */
	struct span *lists[3];
	unsigned int nempty;
	unsigned long nspans;	/* spans of this class, everywhere */
};

/* Empty spans a class keeps for its next swing up, as SLUB keeps 5 to 10
 * empty slabs per cache (min_partial); mm_drain() and a failing page
 * allocation give them back. */
#define CENTRAL_KEEP_EMPTY	8
/* Pages of the empty spans kept, all classes (counted in span pages). */
extern size_t central_empty_pages;

/* Bytes of boot metadata central_init() allocates. */
size_t central_bytes(void);
int central_init(void);
extern struct central *centrals; /* sizeclass_count of them */
static inline struct central *central_of(unsigned int c)
{
	return &centrals[c];
}
/* The head of list @list (enum span_list, not NONE) of @ct. */
static inline struct span **central_list(struct central *ct, unsigned int list)
{
	return &ct->lists[list - SPAN_LIST_PARTIAL];
}
/* span.move_at of an unowned span on @list. */
static inline u16 span_move_at(const struct span *s, unsigned int list)
{
	return list == SPAN_LIST_FULL	   ? s->relist_at
	       : list == SPAN_LIST_PARTIAL ? 0
					   : SPAN_MOVE_NEVER;
}

/* A span with free objects for CPU @cpu's cache; NULL when out of memory. */
struct span *central_take_locked(struct central *ct, unsigned int c,
				 unsigned int cpu);
/* A CPU gives its span back (its reservations already returned). */
void central_release_locked(struct central *ct, struct span *s);
/* A free left span @s empty or no longer full: if no CPU owns it, move
 * it to the list that now fits. Takes the heap lock, then the class lock.
 * The struct may have been reused since the free: it reads only
 * @s->owner without the heap lock. */
void central_span_moved(struct span *s);
/* Out of pages on one CPU: trim every unowned span's free tail
 * (span_trim_tail()); the pages given back. 0 with several CPUs. */
size_t central_trim_tails(void);
/* Pages central_trim_tails() gave back since boot: the fuzzer's model
 * counts them out of used pages that no kept span or run explains. */
extern size_t central_trimmed_pages;

#endif
