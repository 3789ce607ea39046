// SPDX-License-Identifier: MIT
/*
 * Central lists: per size class, the spans no CPU cache owns, split into
 * partial (some object free) and full. CPU caches take partial spans from
 * here, or new spans from the page allocator, and give spans back when
 * they move on. Frees from a CPU that does not own the span come here too.
 *
 * Lock order: central[c].lock, then mheap.lock; both with interrupts off.
 * A span in a central list changes nalloc only under its class's lock, so
 * "in the full list" is exactly "nalloc == nelems" for it.
 */
#include "internal.h"

static struct central *centrals;	/* SC classes, from metadata pages */

int central_init(void)
{
	centrals = persist_alloc_locked(sizeclass_count * sizeof(*centrals));
	if (!centrals)
		return -ENOMEM;
	for (unsigned int c = 0; c < sizeclass_count; c++)
		spin_lock_init(&centrals[c].lock);
	return 0;
}

struct central *central_of(unsigned int c)
{
	return &centrals[c];
}

static void list_add(struct span **head, struct span *s)
{
	s->prev = NULL;
	s->next = *head;
	if (*head)
		(*head)->prev = s;
	*head = s;
}

static void list_del(struct span **head, struct span *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		*head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

/* An empty span goes back to the page allocator. */
static void central_drop_span_locked(struct central *ct, struct span *s)
{
	unsigned long flags = spin_lock_irqsave(&mheap.lock);

	ct->nspans--;
	page_free_locked(s);
	spin_unlock_irqrestore(&mheap.lock, flags);
}

struct span *central_take_locked(struct central *ct, unsigned int c,
				 unsigned int cpu)
{
	struct span *s = ct->partial;
	unsigned long flags;

	if (s) {
		list_del(&ct->partial, s);
	} else {
		/* The new span is whole before the heap lock is dropped:
		 * mm_get_stats() walks spans under that lock alone. */
		flags = spin_lock_irqsave(&mheap.lock);
		s = page_alloc_locked(sizeclass_npages(c),
				      sizeclass_span_align(c), SPAN_SMALL);
		if (s)
			span_init_small(s, c);
		spin_unlock_irqrestore(&mheap.lock, flags);
		if (!s)
			return NULL;
		ct->nspans++;
	}
	__atomic_store_n(&s->owner, cpu + 1, __ATOMIC_RELAXED);
	return s;
}

void central_release_locked(struct central *ct, struct span *s)
{
	unsigned int n = __atomic_load_n(&s->nalloc, __ATOMIC_RELAXED);

	__atomic_store_n(&s->owner, 0, __ATOMIC_RELAXED);
	if (n == 0)
		central_drop_span_locked(ct, s);
	else if (n == s->nelems)
		list_add(&ct->full, s);
	else
		list_add(&ct->partial, s);
}

int central_free_obj_locked(struct central *ct, struct span *s,
			    unsigned int idx)
{
	bool was_full = s->owner == 0 && s->nalloc == s->nelems;
	int left = span_free_obj(s, idx);

	if (left < 0 || s->owner)
		return left < 0 ? left : 0;
	if (left == 0) {
		list_del(was_full ? &ct->full : &ct->partial, s);
		central_drop_span_locked(ct, s);
	} else if (was_full) {
		list_del(&ct->full, s);
		list_add(&ct->partial, s);
	}
	return 0;
}
