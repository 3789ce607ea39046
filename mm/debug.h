/* SPDX-License-Identifier: MIT */
/*
 * Debug levels >= 2: red zones, poison, call sites (mm/debug.c).
 */
#ifndef MM_DEBUG_H
#define MM_DEBUG_H

#include "span.h"

#define MM_DEBUG_REDZONES (CONFIG_MM_DEBUG_LEVEL >= 2)

size_t dbg_trailer_bytes(void);
void dbg_alloc(void *p, size_t objsize, size_t size, unsigned long caller,
	       bool small);
void dbg_free(struct span *s, const void *p, size_t objsize,
	      unsigned long caller);
size_t dbg_requested(const struct span *s, const void *p, size_t objsize);
/* The kmem_cache a live object came from, kept in its trailer (slab.c):
 * dbg_cache_is() is false only for a live object of another cache. */
void dbg_set_cache(const void *p, const void *cache);
bool dbg_cache_is(const void *p, const void *cache);
void dbg_span_poison(struct span *s);
void dbg_check_span(struct span *s, int *err);

/* Bytes a request grows by: a red zone of at least a word and a trailer. */
static inline size_t dbg_extra(void)
{
	return MM_DEBUG_REDZONES ? dbg_trailer_bytes() : 0;
}

static inline void dbg_on_alloc(void *p, size_t objsize, size_t size,
				unsigned long caller, bool small)
{
	if (MM_DEBUG_REDZONES)
		dbg_alloc(p, objsize, size, caller, small);
}

static inline void dbg_on_free(struct span *s, const void *p, size_t objsize,
			       unsigned long caller)
{
	if (MM_DEBUG_REDZONES)
		dbg_free(s, p, objsize, caller);
}

/* Usable bytes of an object: the class size, or what was asked when red
 * zones follow it. */
static inline size_t dbg_usable(size_t objsize, size_t size)
{
	return MM_DEBUG_REDZONES ? size : objsize;
}

static inline size_t dbg_ksize(const struct span *s, const void *p,
			       size_t objsize)
{
	return MM_DEBUG_REDZONES ? dbg_requested(s, p, objsize) : objsize;
}

/* Level 3: a full mm_validate() after every allocation and free. */
static inline void dbg_validate(void)
{
	if (CONFIG_MM_DEBUG_LEVEL >= 3)
		(void)mm_validate();
}

extern unsigned long dbg_corruptions;	/* red zone / poison reports */

#endif
