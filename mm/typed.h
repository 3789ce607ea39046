/* SPDX-License-Identifier: MIT */
/*
 * Heap bitmap hooks of the object layer (mm/typed.c; no-ops without the
 * bitmap, mm/nobitmap.c).
 */
#ifndef MM_TYPED_H
#define MM_TYPED_H

#include "span.h"

/*
 * A small span's bitmap holds its slot layout from the moment it is made
 * until its pages go back to the page allocator: P on every word of every
 * slot, S on each slot's first word, allocated or free. That is exactly
 * the bits of an untyped object, so kmalloc and kfree of one write none.
 * Objects whose bits differ (__GFP_NOSCAN, typed, collected) write them
 * when handed out, carry a nonzero tag, and get the layout back when
 * freed. Large objects write their bits when allocated and clear them
 * when freed. Free pages read 0/0.
 */

/* typed_span_init - write a new small span's slot layout. After its class
 * and nelems are set; O(span words / BITS_PER_LONG + objects). */
void typed_span_init(struct span *s);
/* typed_span_release - clear both planes over a small span's pages, right
 * before they go back to the page allocator. No lock needed: the span is
 * empty and no one can allocate from it any more. */
void typed_span_release(struct span *s);
void typed_alloc(struct span *s, void *p, size_t size, gfp_t flags);
void typed_free(struct span *s, const void *p, size_t size, long idx);

/*
 * A new object's bitmap bits. @s: its span when known (always for a small
 * object from the fast path), else NULL. An untyped small object has them
 * already, from its slot layout: nothing to write. A small __GFP_NOSCAN
 * object gets P = 0 and tag OBJ_OWN_BITS, or, if the span's tag array
 * cannot be made (metadata exhausted), keeps the layout: conservative, the
 * hint is lost but nothing is wrong. A large object: all P, or none.
 */
static inline void typed_on_alloc(struct span *s, void *p, size_t size,
				  gfp_t flags)
{
	if (!IS_ENABLED(CONFIG_MM_HEAP_BITMAP) ||
	    (s && s->state == SPAN_SMALL && !(flags & __GFP_NOSCAN)))
		return;
	typed_alloc(s, p, size, flags);
}

/*
 * Before an object is freed, while its allocation bit is still set (@idx:
 * small index, or -1 for a large object). Small: the slot layout comes
 * back iff its tag is nonzero, and the tag is zeroed; a span without a tag
 * array has nothing to undo, so the fast path may skip the call when
 * span_tag_array() is NULL. Large: bits cleared, large_tag zeroed.
 */
static inline void typed_on_free(struct span *s, const void *p, size_t size,
				 long idx)
{
	if (!IS_ENABLED(CONFIG_MM_HEAP_BITMAP) ||
	    (idx >= 0 && !span_tag_array(s)))
		return;
	typed_free(s, p, size, idx);
}

/* Typed objects and their tags (mm/typed.c, with the heap bitmap). */
int typed_make(void *p, size_t objsize, size_t n, const struct mm_type *t,
	       uintptr_t tagbits);
uintptr_t typed_tag(const struct span *s, long idx);

#endif
