/* SPDX-License-Identifier: MIT */
/*
 * Tiny heaps (mm/tiny.c): on a heap of at most TINY_HEAP_MAX bytes,
 * kmalloc's small requests are cut from coalescing spans of their own
 * (SPAN_TINY) instead of one span per size class.
 */
#ifndef MM_TINY_H
#define MM_TINY_H

#include "debug.h"
#include "page.h"

struct span_obj;
struct mm_stats;

/* Heaps this size and under go tiny: where a span per size class held
 * more than a tenth of the heap free (docs/benchmarks.md, "Fill"). */
#define TINY_HEAP_MAX (1UL << 20)
/* Requests tiny serves, at most, if a size class would (kmalloc): the
 * rest are rare on such a heap and keep their page runs. */
#define TINY_REQ_MAX 4096

/* Every heap is tiny: no class spans for kmalloc (mm/Kconfig). */
#define MM_TINY_ONLY IS_ENABLED(CONFIG_MM_TINY_ONLY)

#if defined(CONFIG_MM_TINY_ONLY)
#define tiny_active true
#elif defined(CONFIG_MM_TINY)
/* Set by mm_init() from the heap's size; a self-test may set it too. */
extern bool tiny_active;
#else
#define tiny_active false
#endif

/* @size bytes at @align come from tiny: untyped (a __GFP_NOSCAN object's
 * bits differ from its chunk's, mm/typed.c), and without red zones, which
 * mm/debug.c keeps for class slots. */
static inline bool tiny_serves(size_t size, size_t align, gfp_t flags)
{
	return tiny_active && !MM_DEBUG_REDZONES && size <= TINY_REQ_MAX &&
	       align <= TINY_REQ_MAX &&
	       !(IS_ENABLED(CONFIG_MM_HEAP_BITMAP) && (flags & __GFP_NOSCAN));
}

/* Choose at mm_init(), from the heap's usable pages; heap lock held.
 * A tiny-only heap's bins come from the boot block then, which
 * mminit_boot_bytes() sizes for tiny_heap_bytes(). */
#ifdef CONFIG_MM_TINY
int tiny_init_locked(size_t total_pages);
size_t tiny_heap_bytes(void);
#else
static inline int tiny_init_locked(size_t total_pages)
{
	(void)total_pages;
	return 0;
}
#endif
/* An object of at least @size bytes at @align (a power of two, or 0; a
 * power-of-two @size is aligned to itself up to a page), its usable bytes
 * in *@usable; NULL when out of memory. Heap lock taken. */
void *tiny_alloc(size_t size, size_t align, size_t *usable);
/* Free @p, met lock-free in tiny span @s; NULL when done, else why it is
 * not a live object (nothing is changed then). Heap lock taken. */
const char *tiny_free(struct span *s, const void *p);
/* The live object at @p (or, with @interior, holding it) in tiny span
 * @s: span_obj_find() for SPAN_TINY. */
bool tiny_obj_find(struct span *s, uintptr_t p, bool interior,
		   struct span_obj *o);
/* The scanner's mark of the live object at @base: set it, and say
 * whether it was set (mm/scan.c); tiny_clear_marks() clears a span's. */
bool tiny_mark(struct span *s, uintptr_t base);
void tiny_clear_marks(struct span *s);
/* Count tiny span @s's live objects into @st's classes, its free chunks
 * into cached_bytes (mm_get_stats). */
void tiny_count(struct span *s, struct mm_stats *st);
/* mm_validate() of tiny span @s, heap lock held; *@err on a break.
 * Return: its free chunks. */
unsigned long tiny_check_span(struct span *s, int *err);
/* mm_validate(): every free chunk is in its bin, and the bins hold no
 * other; @free_chunks were met in the spans. */
void tiny_check_bins(unsigned long free_chunks, int *err);

#endif
