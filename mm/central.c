// SPDX-License-Identifier: MIT
/*
 * Central lists: per size class, the spans no CPU cache owns, on the list
 * their nalloc puts them: partial, full or empty. CPU caches take spans
 * from here (partial first, then empty, then new ones from the page
 * allocator) and give them back when they move on. Frees do not come here:
 * they clear their bit lock-free, and only one that moves an unowned span
 * across a list boundary (an eighth of it is free again, or all of it)
 * takes the class lock to move it.
 *
 * Lock order: central[c].lock, then mheap.lock; both with interrupts off.
 * Every list change and every owner change happens under the class lock.
 */
#include "central.h"
#include "page.h"
#include "typed.h"

struct central *centrals;		/* SC classes, from metadata pages */
size_t central_empty_pages;		/* in every class's empty list */

size_t central_bytes(void)
{
	return sizeclass_count * sizeof(*centrals);
}

static size_t central_shrink(void);

/* Empty spans of every class, given back on demand (page_reclaim()). */
static struct page_reclaimer central_reclaimer = {
	.reclaim = central_shrink,
};

int central_init(void)
{
	/* Zeroed: empty lists, and locks as SPINLOCK_INIT makes them. */
	centrals = page_persist_alloc_locked(central_bytes());
	if (!centrals)
		return -ENOMEM;
	page_reclaimer_register(&central_reclaimer);
	return 0;
}

/*
 * A span joins its list at the head, and central_take_locked() takes the
 * head: of the partial spans, the one that came back last, with the
 * fewest free objects, so that the others drain and go back to the page
 * allocator. Taking the oldest instead (FIFO) halves the span swaps of
 * the `small` bench on mps2-an385 but costs fill (docs/benchmarks.md).
 */
static void list_add(struct central *ct, struct span *s, unsigned int list)
{
	struct span **head = central_list(ct, list);

	s->prev = NULL;
	s->next = *head;
	if (*head)
		(*head)->prev = s;
	*head = s;
	s->list = (u8)list;
	if (list == SPAN_LIST_EMPTY) {
		ct->nempty++;
		__atomic_fetch_add(&central_empty_pages, s->npages,
				   __ATOMIC_RELAXED);
	}
}

static __always_inline void list_del(struct central *ct, struct span *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		*central_list(ct, s->list) = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
	if (s->list == SPAN_LIST_EMPTY) {
		ct->nempty--;
		__atomic_fetch_sub(&central_empty_pages, s->npages,
				   __ATOMIC_RELAXED);
	}
	s->list = SPAN_LIST_NONE;
}

/* An unowned span onto the list its nalloc says, if not there already. */
static void central_relist_locked(struct central *ct, struct span *s)
{
	unsigned int n = __atomic_load_n(&s->nalloc, __ATOMIC_SEQ_CST);
	unsigned int list = n == 0		? SPAN_LIST_EMPTY
			    : n > s->relist_at ? SPAN_LIST_FULL
						: SPAN_LIST_PARTIAL;

	s->move_at = span_move_at(s, list);
	if (s->list == list)
		return;
	if (s->list != SPAN_LIST_NONE)
		list_del(ct, s);
	list_add(ct, s, list);
}

/* Empty spans past @keep go back to the page allocator. */
static size_t central_trim_locked(struct central *ct, unsigned int keep)
{
	size_t pages = 0;
	unsigned long flags;

	if (ct->nempty <= keep)
		return 0;
	flags = spin_lock_irqsave(&mheap.lock);
	while (ct->nempty > keep) {
		struct span *s = *central_list(ct, SPAN_LIST_EMPTY);

		list_del(ct, s);
		ct->nspans--;
		__atomic_store_n(&s->central_class, 0, __ATOMIC_RELAXED);
		pages += s->npages;
		if (IS_ENABLED(CONFIG_MM_HEAP_BITMAP))
			typed_span_release(s);
		page_free_locked(s);
	}
	spin_unlock_irqrestore(&mheap.lock, flags);
	return pages;
}

struct span *central_take_locked(struct central *ct, unsigned int c,
				 unsigned int cpu)
{
	struct span *s = *central_list(ct, SPAN_LIST_PARTIAL);
	unsigned long flags;

	if (s || (s = *central_list(ct, SPAN_LIST_EMPTY))) {
		list_del(ct, s);
	} else {
		/* The new span is whole before the heap lock is dropped:
		 * mm_get_stats() walks spans under that lock alone. */
		unsigned int n = sizeclass_npages(c);
		unsigned int fewest = sizeclass_npages_fewest(c);
		size_t align = sizeclass_span_align(c);

		flags = spin_lock_irqsave(&mheap.lock);
		s = page_alloc_locked(n, align, SPAN_SMALL);
		/* Out of pages: a span of the class's fewest pages may
		 * still fit, in the last free pages of a small heap. */
		if (!s && fewest < n)
			s = page_alloc_locked(fewest, align, SPAN_SMALL);
		if (s) {
			span_init_small(s, c);
			__atomic_store_n(&s->central_class, (u16)c,
					 __ATOMIC_RELAXED);
		}
		spin_unlock_irqrestore(&mheap.lock, flags);
		if (!s)
			return NULL;
		ct->nspans++;
	}
	s->move_at = SPAN_MOVE_NEVER; /* the owner relists it */
	__atomic_store_n(&s->owner, cpu + 1, __ATOMIC_SEQ_CST);
	return s;
}

void central_release_locked(struct central *ct, struct span *s)
{
	/* Owner first, then nalloc (in relist): a racing free either sees
	 * the span unowned and comes here after us, or its decrement is
	 * already in what we read (span_nalloc_add()). */
	__atomic_store_n(&s->owner, 0, __ATOMIC_SEQ_CST);
	central_relist_locked(ct, s);
	central_trim_locked(ct, CENTRAL_KEEP_EMPTY);
}

void central_span_moved(struct span *s)
{
	struct central *ct;
	unsigned long flags;
	unsigned int c;

	/* Owned: the owner relists it when it lets go. The struct may have
	 * been reused since the free that sent us here: its owner and class
	 * are then 0 or a new span's, never torn, and nothing else of it is
	 * read before the class lock confirms the class. */
	if (__atomic_load_n(&s->owner, __ATOMIC_SEQ_CST))
		return;
	c = __atomic_load_n(&s->central_class, __ATOMIC_RELAXED);
	if (!c)
		return;
	ct = central_of(c);
	flags = spin_lock_irqsave(&ct->lock);
	/* A span becomes one of class c and stops being one under this
	 * lock only: if it still is, it stays so while we hold it. A struct
	 * reused for another span of class c is moved as well, which does
	 * no harm: it goes to the list its count says. */
	if (__atomic_load_n(&s->central_class, __ATOMIC_RELAXED) == c &&
	    !__atomic_load_n(&s->owner, __ATOMIC_RELAXED)) {
		central_relist_locked(ct, s);
		central_trim_locked(ct, CENTRAL_KEEP_EMPTY);
	}
	spin_unlock_irqrestore(&ct->lock, flags);
}

/* Every class's empty spans back to the page allocator; the pages given.
 * Takes each class lock in turn, so with no lock held: a reclaimer with
 * no reclaim_locked. */
static size_t central_shrink(void)
{
	size_t pages = 0;

	for (unsigned int c = 1; c < sizeclass_count; c++) {
		struct central *ct = central_of(c);
		unsigned long flags = spin_lock_irqsave(&ct->lock);

		pages += central_trim_locked(ct, 0);
		spin_unlock_irqrestore(&ct->lock, flags);
	}
	return pages;
}

size_t central_trimmed_pages;

size_t central_trim_tails(void)
{
	size_t pages = 0;

	/* With one CPU and interrupts masked under the class lock, no free
	 * runs while a span's nelems changes. */
	if (MM_SMP)
		return 0;
	for (unsigned int c = 1; c < sizeclass_count; c++) {
		struct central *ct = central_of(c);
		unsigned long flags = spin_lock_irqsave(&ct->lock);
		struct span *s, *next;

		for (unsigned int l = SPAN_LIST_PARTIAL; l <= SPAN_LIST_FULL;
		     l++) {
			for (s = *central_list(ct, l); s; s = next) {
				size_t n = span_trim_tail(s);

				next = s->next;
				if (n)
					central_relist_locked(ct, s);
				pages += n;
			}
		}
		spin_unlock_irqrestore(&ct->lock, flags);
	}
	central_trimmed_pages += pages;
	return pages;
}
