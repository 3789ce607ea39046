// SPDX-License-Identifier: MIT
/*
 * Large objects: a run of whole pages each, from the page allocator under
 * the heap lock.
 *
 * A freed run of at most LARGE_CACHE_PAGES is kept whole, up to
 * LARGE_CACHE_KEEP of them in large_cache_budget() pages, and handed to
 * the next request that needs at least 2/3 of it; the pages it does not
 * need go back to the page allocator, so an object always has exactly its
 * large_pages() (ksize() and kmem_cache_free() rely on that), which on a
 * heap of over 1 MiB are a class of a quarter octave: a run fits every
 * later request of its class. A program that takes and frees buffers of a
 * few sizes then skips the page allocator's split and merge, the marking
 * of every page, and, for an untyped object, the heap bitmap: the run's
 * pages keep their bits.
 *
 * A kept run is still a span, in state SPAN_CACHED: its pages stay
 * PG_SPAN and point at it, so kfree() of it is reported like any double
 * free, and mm_validate() finds it. Kept runs count as used
 * (mm_stats.cached_bytes says how much). A page allocation that finds no
 * free run gives them back, the largest first and one at a time until a
 * run fits, before it grows the heap into a new arena (whose metadata
 * stays), and mm_drain() and an allocation that still fails give
 * them back too (page_reclaim()), so they never cause an out-of-memory. While
 * kept they do push other runs elsewhere (docs/benchmarks.md has a case
 * where that grows an arena sooner). A tiny-only heap keeps none
 * (LARGE_CACHE_KEEP is 0). Everything here runs under mheap.lock.
 */
#include "cpu_cache.h"
#include "init.h"
#include "large.h"
#include "page.h"
#include "typed.h"

/*
 * Unlink kept run @s. A run is off the list before anything that may
 * carve metadata runs: carving may give every kept run back. The list is
 * linked both ways (->next, ->prev, free on a LARGE span), so the oldest
 * goes with no walk.
 */
static __noinline struct span *large_cache_unlink_locked(struct span *s)
{
	*(s->prev ? &s->prev->next : &mheap.large_cache) = s->next;
	*(s->next ? &s->next->prev : &mheap.large_cache_old) = s->prev;
	s->next = s->prev = NULL;
	mheap.large_cached--;
	mheap.large_cached_pages -= s->npages;
	return s;
}

/* Give unlinked kept run @s back to the page allocator. */
static void large_cache_drop_locked(struct span *s)
{
	if (s->bits_untyped)
		typed_on_free(s, (void *)span_base(s), s->npages << PAGE_SHIFT,
			      -1);
	s->bits_untyped = false;
	page_free_locked(s);
}

/* Keep LARGE span @s, newest first. */
static void large_cache_push_locked(struct span *s)
{
	s->state = SPAN_CACHED;
	s->next = mheap.large_cache;
	*(s->next ? &s->next->prev : &mheap.large_cache_old) = s;
	mheap.large_cache = s;
	mheap.large_cached++;
	mheap.large_cached_pages += s->npages;
}

/*
 * The kept run for @npages at a multiple of @align pages, with at most
 * @spare pages to spare (given back), the closest fit first; NULL if none.
 * O(kept) + O(spare pages).
 */
static struct span *large_cache_take_locked(size_t npages, size_t align,
					    size_t spare)
{
	struct span *best = NULL, *s;
	size_t n = spare + 1;

	/* n: pages the best so far has to spare; one unsigned compare also
	 * turns away runs that are too small (their difference wraps). */
	for (s = mheap.large_cache; s; s = s->next) {
		if (s->npages - npages < n && IS_ALIGNED(s->start, align)) {
			best = s;
			n = s->npages - npages;
			if (!n)
				break;	/* none closer */
		}
	}
	if (!best)
		return NULL;
	s = large_cache_unlink_locked(best);
	s->state = SPAN_LARGE;
	n = s->npages - npages;
	if (n && !page_trim_locked(s, npages)) {
		large_cache_push_locked(s); /* no struct: kept whole */
		return NULL;
	}
	/* The spare pages are free now: bits 0/0 before the lock goes. */
	if (n && s->bits_untyped)
		typed_on_free(s, (void *)pfn_to_addr(s->start + npages),
			      n << PAGE_SHIFT, -1);
	return s;
}

struct span *large_alloc(size_t size, size_t align, bool exact)
{
	size_t npages =
		exact ? DIV_ROUND_UP(size, PAGE_SIZE) : large_pages(size);
	size_t apages = max(align >> PAGE_SHIFT, (size_t)1);
	unsigned long flags;
	struct span *s;

	if (size > SIZE_MAX - PAGE_SIZE || mminit_early("an allocation"))
		return NULL;
	for (int tries = 0; tries < 2; tries++) {
		flags = spin_lock_irqsave(&mheap.lock);
		/* Up to half as many pages more: 73% of `mixed`'s large
		 * requests hit, 51% with an eighth, and its heap settles
		 * in the first pass (docs/design.md, "Kept runs"). */
		s = LARGE_CACHE_KEEP ? large_cache_take_locked(npages, apages,
							       npages / 2)
				     : NULL;
		if (!s)
			s = page_alloc_locked(npages, apages, SPAN_LARGE);
		spin_unlock_irqrestore(&mheap.lock, flags);
		/* Out of pages: kept spans may do, and the spans this CPU
		 * holds, empty ones among them, unless no heap could (the
		 * heap is left as it was). */
		if (s || npages > mheap.total_pages || !cpu_cache_give_back())
			break;
	}
	return s;
}

void large_free_locked(struct span *s)
{
	size_t bytes = s->npages << PAGE_SHIFT, room;
	bool keep = LARGE_CACHE_KEEP && s->npages <= LARGE_CACHE_PAGES &&
		    s->npages <= large_cache_budget();

	/* An untyped object's bits can serve the next one; others go. */
	if (!keep || !s->bits_untyped || s->large_tag) {
		typed_on_free(s, (void *)span_base(s), bytes, -1);
		s->bits_untyped = false;
	}
	s->large_tag = 0;
	if (!keep) {
		page_free_locked(s);
		return;
	}
	/* Full, by count or by pages: the oldest goes, one at most, so that
	 * a free gives back O(1) runs; if that is not room enough, this one
	 * goes instead. */
	room = large_cache_budget() - s->npages;
	if (mheap.large_cache_old && (mheap.large_cached == LARGE_CACHE_KEEP ||
				      mheap.large_cached_pages > room))
		large_cache_drop_locked(
			large_cache_unlink_locked(mheap.large_cache_old));
	if (mheap.large_cached_pages > room) {
		page_free_locked(s);
		return;
	}
	large_cache_push_locked(s);
}

size_t large_cache_pages_locked(void)
{
	return mheap.large_cached_pages;
}

static size_t large_cache_shrink_locked(void)
{
	size_t pages = large_cache_pages_locked();

	while (mheap.large_cache)
		large_cache_drop_locked(
			large_cache_unlink_locked(mheap.large_cache));
	return pages;
}

/*
 * No free run fits: give back the largest kept run, the likeliest to make
 * room, and let the page allocator look again. One at a time, so a
 * request that one run makes room for does not pay for giving back all
 * of them. Pages given back, 0 if none was kept. O(kept).
 */
static size_t large_cache_give_largest_locked(void)
{
	struct span *big = mheap.large_cache, *s;
	size_t pages;

	if (!big)
		return 0;
	for (s = big->next; s; s = s->next)
		if (s->npages > big->npages)
			big = s;
	s = large_cache_unlink_locked(big);
	pages = s->npages;
	large_cache_drop_locked(s);
	return pages;
}

static size_t large_cache_shrink(void)
{
	unsigned long flags = spin_lock_irqsave(&mheap.lock);
	size_t pages = large_cache_shrink_locked();

	spin_unlock_irqrestore(&mheap.lock, flags);
	return pages;
}

/* Kept runs, given back on demand and before the heap grows into a new
 * arena (page_alloc.c), whose metadata would stay for good. */
static struct page_reclaimer large_reclaimer = {
	.reclaim = large_cache_shrink,
	.reclaim_locked = large_cache_give_largest_locked,
};

void large_init(void)
{
	if (LARGE_CACHE_KEEP)
		page_reclaimer_register(&large_reclaimer);
}
