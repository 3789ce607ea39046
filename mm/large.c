// SPDX-License-Identifier: MIT
/*
 * Large objects: a run of whole pages each, from the page allocator under
 * the heap lock.
 *
 * A freed run of at most LARGE_CACHE_PAGES is kept whole, up to
 * LARGE_CACHE_KEEP of them, and handed to the next request that needs at
 * least 7/8 of it; the pages it does not need go back to the page
 * allocator, so an object always has exactly the pages it asked for
 * (ksize() and kmem_cache_free() rely on that). A program that takes and
 * frees buffers of a few sizes then skips the page allocator's split and
 * merge, the marking of every page, and, for an untyped object, the heap
 * bitmap: the run's pages keep their bits.
 *
 * A kept run is still a span, in state SPAN_CACHED: its pages stay
 * PG_SPAN and point at it, so kfree() of it is reported like any double
 * free, and mm_validate() finds it. Kept runs count as used
 * (mm_stats.cached_bytes says how much); mm_drain() and any allocation
 * that finds no free run give them back (mm_shrink()), so they never cause
 * an out-of-memory. Everything here runs under mheap.lock.
 */
#include "internal.h"

/* Give kept run @s back to the page allocator. */
static void large_cache_drop_locked(struct span *s)
{
	if (s->bits_untyped)
		obj_bits_forget(s, (void *)span_base(s),
				s->npages << PAGE_SHIFT, -1);
	s->bits_untyped = false;
	mheap.large_cached--;
	page_free_locked(s);
}

/*
 * The kept run for @npages at a multiple of @align pages, with at most
 * @spare pages to spare (given back), the closest fit first; NULL if none.
 * O(kept) + O(spare pages).
 */
static struct span *large_cache_take_locked(size_t npages, size_t align,
					    size_t spare)
{
	struct span **best = NULL, *s;

	for (struct span **pp = &mheap.large_cache; *pp; pp = &(*pp)->next) {
		s = *pp;
		if (s->npages >= npages && s->npages - npages <= spare &&
		    IS_ALIGNED(s->start, align) &&
		    (!best || s->npages < (*best)->npages))
			best = pp;
	}
	if (!best)
		return NULL;
	s = *best;
	if (s->npages > npages) {
		/* The spare pages go back, as free pages: bits 0/0. */
		if (s->bits_untyped)
			obj_bits_forget(s,
					(void *)pfn_to_addr(s->start + npages),
					(s->npages - npages) << PAGE_SHIFT, -1);
		if (!page_trim_locked(s, npages)) {
			s->bits_untyped = false; /* cleared in part */
			return NULL;
		}
	}
	*best = s->next;
	s->next = NULL;
	s->state = SPAN_LARGE;
	mheap.large_cached--;
	return s;
}

struct span *large_alloc(size_t size, size_t align)
{
	size_t npages = DIV_ROUND_UP(size, PAGE_SIZE);
	size_t apages = max(align >> PAGE_SHIFT, (size_t)1);
	unsigned long flags;
	struct span *s;

	if (size > SIZE_MAX - PAGE_SIZE)
		return NULL;
	for (int tries = 0; tries < 2; tries++) {
		flags = spin_lock_irqsave(&mheap.lock);
		s = large_cache_take_locked(npages, apages, npages / 8);
		if (!s)
			s = page_alloc_locked(npages, apages, SPAN_LARGE);
		spin_unlock_irqrestore(&mheap.lock, flags);
		/* Out of pages: kept spans may do, unless no heap could (the
		 * heap is left as it was). */
		if (s || npages > mheap.total_pages || !mm_shrink())
			break;
	}
	return s;
}

void large_free_locked(struct span *s)
{
	size_t bytes = s->npages << PAGE_SHIFT;
	bool keep = s->npages <= LARGE_CACHE_PAGES;

	/* An untyped object's bits can serve the next one; others go. */
	if (!keep || !s->bits_untyped || s->large_tag) {
		obj_bits_forget(s, (void *)span_base(s), bytes, -1);
		s->bits_untyped = false;
	}
	s->large_tag = 0;
	if (!keep) {
		page_free_locked(s);
		return;
	}
	if (mheap.large_cached == LARGE_CACHE_KEEP) {
		struct span **last = &mheap.large_cache;

		while ((*last)->next) /* the oldest goes */
			last = &(*last)->next;
		large_cache_drop_locked(*last);
		*last = NULL;
	}
	s->state = SPAN_CACHED;
	s->next = mheap.large_cache;
	mheap.large_cache = s;
	mheap.large_cached++;
}

size_t large_cache_pages_locked(void)
{
	size_t pages = 0;

	for (struct span *s = mheap.large_cache; s; s = s->next)
		pages += s->npages;
	return pages;
}

size_t large_cache_shrink(void)
{
	unsigned long flags = spin_lock_irqsave(&mheap.lock);
	size_t pages = large_cache_pages_locked();

	while (mheap.large_cache) {
		struct span *s = mheap.large_cache;

		mheap.large_cache = s->next;
		large_cache_drop_locked(s);
	}
	spin_unlock_irqrestore(&mheap.lock, flags);
	return pages;
}
