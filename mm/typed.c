// SPDX-License-Identifier: MIT
/*
 * Typed and collected objects: what the heap bitmap holds for each
 * object, and the per-object tag (type descriptor, and whether mm_gc()
 * owns it). A small span's slot layout is written here when the span is
 * made; objects whose bits differ from it write theirs here when handed
 * out and restore it when freed. Large objects set and clear their bits
 * here. Objects are found from addresses by mm/lookup.h.
 */
#include "bitmap.h"
#include "debug.h"
#include "typed.h"

static const struct hb_pattern all_words = { NULL, 0, true, 0 };
static const struct hb_pattern no_words = { NULL, 0, false, 0 };

/* Tags per small span: one per possible object, made on first use. */
#define SPAN_MAX_OBJS (SPAN_BITMAP_WORDS * BITS_PER_LONG)

_Static_assert(_Alignof(struct mm_type) > OBJ_TAG_FLAGS,
	       "tag flags fit under a type pointer");

void typed_span_init(struct span *s)
{
	heap_bits_set_layout(span_base(s), s->npages,
			     sizeclass_size(s->sizeclass), s->nelems);
}

void typed_span_release(struct span *s)
{
	heap_bits_clear_span(span_base(s), s->npages);
}

/*
 * Where small span @s sits in the bitmap: its arena, with the chunk index
 * of its first word in *@w. NULL while the arena has no chunk, and when the
 * span crosses into another arena's chunk (the general path). Derived from
 * s->start, not kept in the struct: a span struct is metadata of every
 * span, and only __GFP_NOSCAN, typed and collected objects come here.
 */
static struct heap_arena *typed_span_chunk(const struct span *s, size_t *w)
{
	struct heap_arena *a = arena_of(span_base(s));
	long i;

	if (!a || !__atomic_load_n(&a->bitmap, __ATOMIC_ACQUIRE) ||
	    (i = arena_page(a, s->start)) < 0 ||
	    (size_t)i + s->npages > (size_t)a->npages)
		return NULL;
	*w = (size_t)i * HB_WORDS_PER_PAGE;
	return a;
}

/*
 * The P bits of a small object (@size bytes, at most BITS_PER_LONG words)
 * in a span that lies in one chunk: all set (its slot layout) or all
 * clear. One long, or two when it straddles, with an atomic OR or AND
 * each. The S plane keeps the layout throughout.
 * Return: false when the general writer is needed.
 */
static bool typed_ptr_bits_fast(const struct span *s, const void *p,
				size_t size, bool ptrs)
{
	size_t words = size / sizeof(void *), w;
	struct heap_arena *a;
	unsigned long *pl, lo;
	unsigned int sh;

	if (words > BITS_PER_LONG || !(a = typed_span_chunk(s, &w)))
		return false;
	w += ((uintptr_t)p - span_base(s)) / sizeof(void *);
	sh = w % BITS_PER_LONG;
	pl = &hb_plane(a, 0)[w / BITS_PER_LONG];
	lo = (words == BITS_PER_LONG ? ~0UL : (1UL << words) - 1) << sh;
	if (ptrs)
		__atomic_fetch_or(pl, lo, __ATOMIC_RELAXED);
	else
		__atomic_fetch_and(pl, ~lo, __ATOMIC_RELAXED);
	if (sh + words > BITS_PER_LONG) {
		lo = (1UL << (sh + words - BITS_PER_LONG)) - 1;
		if (ptrs)
			__atomic_fetch_or(pl + 1, lo, __ATOMIC_RELAXED);
		else
			__atomic_fetch_and(pl + 1, ~lo, __ATOMIC_RELAXED);
	}
	return true;
}

/* A small object's P bits: its slot layout back (@ptrs), or none. */
static void typed_ptr_bits(const struct span *s, const void *p, size_t size,
			   bool ptrs)
{
	if (!typed_ptr_bits_fast(s, p, size, ptrs))
		heap_bits_set_object((void *)p, size,
				     ptrs ? &all_words : &no_words);
}

/* The tag array of small span @s, made on first use; NULL when metadata
 * is exhausted. */
static uintptr_t *typed_span_tags(struct span *s)
{
	uintptr_t *tags = __atomic_load_n(&s->tags, __ATOMIC_ACQUIRE);
	unsigned long flags;

	if (tags)
		return tags;
	flags = spin_lock_irqsave(&mheap.lock);
	tags = s->tags;
	if (!tags) {
		tags = page_persist_alloc_locked(SPAN_MAX_OBJS * sizeof(*tags));
		__atomic_store_n(&s->tags, tags, __ATOMIC_RELEASE);
	}
	/* Frees in this span now have tags to read: off the fast path. */
	__atomic_store_n(&s->fast_nelems, 0, __ATOMIC_RELEASE);
	spin_unlock_irqrestore(&mheap.lock, flags);
	return tags;
}

void typed_alloc(struct span *s, void *p, size_t size, gfp_t flags)
{
	bool ptrs = !(flags & __GFP_NOSCAN);
	uintptr_t *tags;
	unsigned int idx;

	if (!s)
		s = span_of_heap((uintptr_t)p);
	/* Bits other than the span's own need the arena's chunk; without
	 * one the object stays untyped: scanned conservatively, a lost hint,
	 * never wrong bits. */
	if (!ptrs && heap_bits_need((uintptr_t)p, size))
		ptrs = true;
	if (s && s->state == SPAN_TINY) {
		/* Untyped, a chunk of its own (kmalloc_caller()). */
		heap_bits_set_object(p, size, &all_words);
		return;
	}
	if (!s || s->state != SPAN_SMALL) {
		/* Large: the whole run, unless a kept run's bits already say
		 * "untyped" and that is what is wanted. */
		if (!s || !ptrs || !s->bits_untyped)
			heap_bits_set_object(p, size,
					     ptrs ? &all_words : &no_words);
		if (s)
			s->bits_untyped = ptrs;
		return;
	}
	if (ptrs)
		return;	/* the slot layout is an untyped object's bits */
	/* No tag array, no own bits: the free could not undo them. The
	 * object stays conservatively scanned; nothing else changes. */
	tags = typed_span_tags(s);
	if (!tags)
		return;
	idx = span_obj_index(s, (uintptr_t)p);
	__atomic_store_n(&tags[idx], OBJ_OWN_BITS, __ATOMIC_RELAXED);
	typed_ptr_bits(s, p, size, false);
}

void typed_free(struct span *s, const void *p, size_t size, long idx)
{
	uintptr_t *tags;

	if (idx < 0) {
		heap_bits_clear_object(p, size);
		s->large_tag = 0;
		return;
	}
	tags = __atomic_load_n(&s->tags, __ATOMIC_ACQUIRE);
	if (!tags || !__atomic_load_n(&tags[idx], __ATOMIC_RELAXED))
		return;		/* bits are the slot layout already */
	typed_ptr_bits(s, p, size, true);
	__atomic_store_n(&tags[idx], 0, __ATOMIC_RELAXED);
}

uintptr_t typed_tag(const struct span *s, long idx)
{
	uintptr_t *tags;

	if (idx < 0)
		return s->large_tag;
	tags = __atomic_load_n(&s->tags, __ATOMIC_ACQUIRE);
	return tags ? __atomic_load_n(&tags[idx], __ATOMIC_RELAXED) : 0;
}

/* Give the object at @p tag @tag. Return: 0 or -ENOMEM. */
static int typed_set_tag(void *p, uintptr_t tag)
{
	struct span_obj o;
	uintptr_t *tags;

	BUG_ON(!span_obj_find((uintptr_t)p, false, &o));
	if (o.idx < 0) {
		o.s->large_tag = tag;
		return 0;
	}
	tags = typed_span_tags(o.s);
	if (!tags)
		return -ENOMEM;
	__atomic_store_n(&tags[o.idx], tag, __ATOMIC_RELAXED);
	return 0;
}

/*
 * Make the fresh object @p (@objsize usable bytes, @n elements of @t)
 * typed: exact pointer bits for the elements, none for the slack; tag it.
 * The tag comes first: a small object's free restores its slot layout only
 * when it has one, so bits are never written without it.
 * Return: 0, or -ENOMEM with the bits untouched.
 */
int typed_make(void *p, size_t objsize, size_t n, const struct mm_type *t,
	       uintptr_t tagbits)
{
	struct hb_pattern pat = { NULL, 0, true, 0 };
	uintptr_t tag = (uintptr_t)t | tagbits;

	MM_BUG_ON(!tag);
	if (heap_bits_need((uintptr_t)p, objsize) || typed_set_tag(p, tag))
		return -ENOMEM;
	if (t) {
		pat.mask = t->ptrmask;
		pat.nwords = t->size / sizeof(void *);
		pat.all = false;
		pat.limit = n * pat.nwords;
	}
	heap_bits_set_object(p, objsize, &pat);
	return 0;
}

static bool typed_type_ok(const struct mm_type *t)
{
	return t && t->size && t->size % sizeof(void *) == 0;
}

static void *typed_kmalloc(size_t bytes, size_t n, const struct mm_type *t,
			   uintptr_t tagbits, gfp_t flags)
{
	void *p = kmalloc(bytes, flags | __GFP_ZERO | __GFP_NOSCAN);

	if (!p || p == ZERO_SIZE_PTR)
		return p;
	if (typed_make(p, ksize(p), n, t, tagbits)) {
		kfree(p);
		return NULL;
	}
	return p;
}

void *kmalloc_typed(const struct mm_type *t, gfp_t flags)
{
	if (!typed_type_ok(t))
		return NULL;
	return typed_kmalloc(t->size, 1, t, 0, flags);
}

void *kmalloc_array_typed(const struct mm_type *t, size_t n, gfp_t flags)
{
	if (!typed_type_ok(t) || (n && SIZE_MAX / n < t->size))
		return NULL;
	return typed_kmalloc(n * t->size, n, t, 0, flags);
}

void *kmalloc_collected(size_t size, const struct mm_type *t, gfp_t flags)
{
	if (t && !typed_type_ok(t))
		return NULL;
	return typed_kmalloc(size, t ? size / t->size : 0, t, OBJ_COLLECTED,
			     flags);
}

int mm_find_object(const void *p, struct mm_object *obj)
{
	struct heap_bits hb;
	struct span_obj o;
	uintptr_t tag;

	if (!span_obj_find((uintptr_t)p, true, &o))
		return -ENOENT;
	tag = typed_tag(o.s, o.idx);
	obj->base = (void *)o.base;
	obj->size = dbg_ksize(o.s, obj->base, o.size);
	obj->type = (const struct mm_type *)(tag & ~OBJ_TAG_FLAGS);
	obj->flags = tag & OBJ_COLLECTED ? MM_OBJ_COLLECTED : 0;
	if (!obj->type && !heap_bits_for_addr(o.base, &hb) &&
	    !(heap_bits_get(&hb) & HB_PTR))
		obj->flags |= MM_OBJ_NOSCAN;
	return 0;
}
