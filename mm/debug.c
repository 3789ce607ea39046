// SPDX-License-Identifier: MIT
/*
 * Debug levels 2 and 3 (CONFIG_MM_DEBUG_LEVEL): red zones, poison and call
 * sites. Every object from kmalloc and friends is followed by a red zone
 * of at least one word and a trailer recording the size asked and the
 * call sites:
 *
 *   [ object: size bytes | red zone 0xbb ... | trailer ]
 *   <------------------ class size (or whole pages) ---->
 *
 * Free small objects are filled with poison (0x6b), from the moment their
 * span is made, and the poison is checked when an object is handed out
 * again: a write after free shows there. The red zone is checked on free
 * and by mm_validate: a one-byte overflow shows there. Each finding is
 * reported with the object, its size and class, both call sites and the
 * bytes that differ, counted in mm_stats.corruptions, and then the heap
 * carries on: the object is freed or handed out as asked.
 */
#include "debug.h"
#include "lookup.h"

#define POISON_FREE	0x6b
#define POISON_REDZONE	0xbb
#define TRAILER_LIVE	0x4c49u	/* "LI": allocated */
#define TRAILER_FREE	0x4652u	/* "FR": freed */

struct dbg_trailer {
	unsigned long alloc_site;
	unsigned long free_site;
	size_t size;		/* bytes asked */
	/* The kmem_cache that handed the object out, NULL for kmalloc:
	 * caches share their class's spans, so this is the only place a
	 * free to the wrong cache of the same geometry shows. */
	const void *cache;
	unsigned long magic;	/* TRAILER_LIVE or TRAILER_FREE */
};

unsigned long dbg_corruptions;

size_t dbg_trailer_bytes(void)
{
	return sizeof(long) + sizeof(struct dbg_trailer);
}

static struct dbg_trailer *trailer(const void *p, size_t objsize)
{
	return (struct dbg_trailer *)((uintptr_t)p + objsize -
				      sizeof(struct dbg_trailer));
}

/* Report bytes of [p + from, p + to) that are not @want; true if any. */
static bool check_bytes(const void *p, size_t objsize, size_t from,
			size_t to, int want, const char *what)
{
	const u8 *b = (const u8 *)p + from;
	const u8 *bad = memchr_inv(b, want, to - from), *last = bad;
	const struct dbg_trailer *t = trailer(p, objsize);

	if (!bad)
		return false;
	for (const u8 *q = bad; q < b + (to - from); q++)
		if (*q != want)
			last = q;
	__atomic_fetch_add(&dbg_corruptions, 1, __ATOMIC_RELAXED);
	printk("mm: %s in object %p (%zu B asked, %zu B slot): bytes %zu..%zu "
	       "differ (first 0x%02x, want 0x%02x); allocated at 0x%lx, "
	       "freed at 0x%lx\n",
	       what, p, t->size, objsize, (size_t)(bad - (const u8 *)p),
	       (size_t)(last - (const u8 *)p), *bad, want, t->alloc_site,
	       t->free_site);
	return true;
}

/*
 * mm_validate's check: as check_bytes(), and a finding is put right
 * afterwards (the red zone or the poison written again), so it is
 * reported once: later calls report only new damage, and a slot handed
 * out again does not report it a second time.
 */
static bool check_bytes_once(void *p, size_t objsize, size_t from, size_t to,
			     int want, const char *what)
{
	if (!check_bytes(p, objsize, from, to, want, what))
		return false;
	memset((char *)p + from, want, to - from);
	return true;
}

static bool span_is_raw(const struct span *s)
{
	return s->state == SPAN_LARGE && (s->large_tag & OBJ_RAW);
}

void dbg_alloc(void *p, size_t objsize, size_t size, unsigned long caller,
	       bool small)
{
	struct dbg_trailer *t = trailer(p, objsize);
	size_t body = objsize - sizeof(*t);

	/* A small slot was poisoned when its span was made or its last
	 * object freed; page runs are not poisoned while free. */
	if (small)
		check_bytes(p, objsize, 0, body, POISON_FREE,
			    "write after free");
	memset((char *)p + size, POISON_REDZONE, body - size);
	t->alloc_site = caller;
	t->free_site = 0;
	t->size = size;
	t->cache = NULL;
	t->magic = TRAILER_LIVE;
}

/* The trailer of the live object starting at @p, or NULL. Lock-free: the
 * caller owns the object, so its span holds still. */
static struct dbg_trailer *live_trailer(const void *p)
{
	struct span_obj o;

	if (!span_obj_find((uintptr_t)p, false, &o) || span_is_raw(o.s))
		return NULL;
	return trailer(p, o.size);
}

void dbg_set_cache(const void *p, const void *cache)
{
	struct dbg_trailer *t = live_trailer(p);

	if (t && t->magic == TRAILER_LIVE)
		t->cache = cache;
}

bool dbg_cache_is(const void *p, const void *cache)
{
	const struct dbg_trailer *t = live_trailer(p);

	/* Not a live object at all: kfree says why. */
	return !t || t->magic != TRAILER_LIVE || t->cache == cache;
}

void dbg_free(struct span *s, const void *p, size_t objsize,
	      unsigned long caller)
{
	struct dbg_trailer *t = trailer(p, objsize);
	size_t body = objsize - sizeof(*t);

	if (span_is_raw(s))
		return;
	if (t->magic != TRAILER_LIVE || t->size > body) {
		__atomic_fetch_add(&dbg_corruptions, 1, __ATOMIC_RELAXED);
		printk("mm: trailer of object %p (%zu B slot) overwritten; "
		       "freed from 0x%lx\n", p, objsize, caller);
	} else {
		check_bytes(p, objsize, t->size, body, POISON_REDZONE,
			    "red zone overwritten");
	}
	t->free_site = caller;
	t->magic = TRAILER_FREE;
	if (s->state == SPAN_SMALL)
		memset((void *)p, POISON_FREE, body);
}

size_t dbg_requested(const struct span *s, const void *p, size_t objsize)
{
	const struct dbg_trailer *t = trailer(p, objsize);

	if (span_is_raw(s) || t->magic != TRAILER_LIVE)
		return objsize;
	return t->size;
}

/* A new small span: every slot starts poisoned. */
void dbg_span_poison(struct span *s)
{
	memset((void *)span_base(s), POISON_FREE, s->npages << PAGE_SHIFT);
}

/*
 * mm_validate's part: the red zone of every live object and the poison of
 * every free slot, in spans no other CPU owns (an owner may be between
 * writing them; mm_validate runs with this CPU's interrupts masked, so its
 * own cache is still); and the red zone of every live large object. Each
 * finding is reported once and put right (check_bytes_once()); *@err
 * says that there was one.
 */
void dbg_check_span(struct span *s, int *err)
{
	size_t size;

	if (span_is_raw(s))
		return;
	if (s->state == SPAN_LARGE) {
		const struct dbg_trailer *t =
			trailer((void *)span_base(s), s->npages << PAGE_SHIFT);
		size_t objsize = s->npages << PAGE_SHIFT;

		if (t->magic == TRAILER_LIVE &&
		    check_bytes_once((void *)span_base(s), objsize, t->size,
				     objsize - sizeof(*t), POISON_REDZONE,
				     "red zone overwritten"))
			*err = -EUCLEAN;
		return;
	}
	if (s->owner && s->owner != arch_local_cpu_id() + 1)
		return;		/* another CPU may be mid-allocation in it */
	size = sizeclass_size(s->sizeclass);
	for (unsigned int i = 0; i < s->nelems; i++) {
		void *p = span_obj_addr(s, i);
		const struct dbg_trailer *t = trailer(p, size);
		size_t body = size - sizeof(*t);

		if (span_obj_allocated(s, i)) {
			if (t->magic == TRAILER_LIVE && t->size <= body &&
			    check_bytes_once(p, size, t->size, body,
					     POISON_REDZONE,
					     "red zone overwritten"))
				*err = -EUCLEAN;
		} else if (check_bytes_once(p, size, 0, body, POISON_FREE,
					    "write after free")) {
			*err = -EUCLEAN;
		}
	}
}
