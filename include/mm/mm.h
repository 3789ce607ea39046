/* SPDX-License-Identifier: MIT */
/*
 * baremm public API. Everything a port or a user calls is declared here;
 * internals live in mm/'s own headers (docs/layers.txt).
 *
 * Locking: "lock-free" entries take no lock on their fast path; the slow
 * path takes the class's central lock and, below it, the heap lock, both
 * with interrupts masked, so every entry may be called from IRQ context.
 * Nothing here sleeps.
 */
#ifndef MM_MM_H
#define MM_MM_H

#include <stddef.h>
#include <stdint.h>
#include <mm/gfp.h>
#include <mm/scan.h>

/* The library's API: libmm.a hides its other names (docs/embedding.md). */
#pragma GCC visibility push(default)

/* ---- boot ------------------------------------------------------------- */

/**
 * mm_add_region - give the allocator a range of RAM; before mm_init().
 * Edges are rounded inwards to pages. O(regions).
 * Return: 0; -EINVAL for an empty, overlapping or sub-page region or after
 * mm_init(); -ERANGE when part of it lies beyond ARCH_HEAP_ADDR_BITS.
 */
int mm_add_region(uintptr_t base, size_t size);

/**
 * mm_remove_region - take back RAM given by mm_add_region(), before
 * mm_init(): for a caller that adds several regions and must leave none
 * behind when a later one is refused. Rounded as mm_add_region() rounds.
 * Return: 0; -ENOENT when no region holds all of it; -ENOSPC when taking
 * it out of the middle of a region would need a region slot too many;
 * -EINVAL for a range with no whole page or after mm_init().
 */
int mm_remove_region(uintptr_t base, size_t size);

/**
 * mm_reserve - keep [base, base+size) out of the heap (image, stacks, DTB);
 * before mm_init(). Edges are rounded outwards to pages. O(reserved).
 * Return: 0; -ENOSPC, with a message, when 8 ranges are reserved already
 * (and this one touches none of them); -EINVAL for an empty or wrapping
 * range or after mm_init().
 */
int mm_reserve(uintptr_t base, size_t size);

/**
 * mm_init - build the arena index from physical pages and open the heap.
 * Arena metadata is made later, the first time the heap grows into an
 * arena. Until it has returned 0, every other entry point refuses, with
 * one message: allocations return NULL, mm_validate(), the scanner and
 * mm_register_root() -ENODEV, mm_drain() does nothing.
 * Return: 0, -ENOMEM when no region can hold the index, -EINVAL on
 * a second call.
 */
int mm_init(void);

/* ---- objects ---------------------------------------------------------- */

/**
 * kmalloc - allocate @size bytes, aligned to at least MM_MIN_ALIGN and, for
 * power-of-two sizes, to the size itself (up to the page size).
 * Fast path O(1) and lock-free; refill O(1) amortised under the class lock;
 * large objects (whole pages; on a heap of over 1 MiB, up to 64 KiB, a
 * quarter step of their power of two) under the heap lock, a kept freed
 * run in O(kept) (at most 48 are kept) else O(log free runs) + O(pages).
 * Zero-fills only with __GFP_ZERO. kmalloc(0) returns ZERO_SIZE_PTR.
 * Return: the object, or NULL when memory is exhausted or @size is absurd.
 */
void *kmalloc(size_t size, gfp_t flags);
void *kzalloc(size_t size, gfp_t flags);
/* kcalloc - zeroed array; NULL when @n * @size overflows. */
void *kcalloc(size_t n, size_t size, gfp_t flags);
/**
 * krealloc - resize @p to @size, in place when the object's class already
 * fits, else by allocate-copy-free. krealloc(NULL, s) is kmalloc(s);
 * krealloc(p, 0) frees p and returns ZERO_SIZE_PTR. On failure @p is kept.
 */
void *krealloc(const void *p, size_t size, gfp_t flags);
/* kmalloc_aligned - @align is a power of two up to MM_MAX_ALIGN (1 MiB). */
void *kmalloc_aligned(size_t size, size_t align, gfp_t flags);
/**
 * kfree - free an object from any kmalloc-family call. NULL and
 * ZERO_SIZE_PTR are ignored. A pointer that is not a live object start
 * (wild, interior, already free) is reported with the caller's address and
 * ignored: the heap is left exactly as it was. Small objects: lock-free
 * fast path, O(1). Large: heap lock, O(1) when the run is kept for reuse,
 * else O(log free runs) + O(pages).
 */
void kfree(const void *p);
/* ksize - usable size of the object at @p (>= the size asked), 0 if none. */
size_t ksize(const void *p);

/*
 * kmalloc(0) result: not NULL, never dereferenceable, accepted by kfree.
 * Page 0 is never managed (memblock drops it), so no object is ever here.
 */
#define ZERO_SIZE_PTR ((void *)16)

/* ---- caches ----------------------------------------------------------- */

struct kmem_cache;
/**
 * kmem_cache_create - a cache of objects of @size bytes aligned to @align
 * (a power of two up to 1 MiB; 0 = MM_MIN_ALIGN). The cache shares the
 * size class that fits, so @ctor runs on each object as it is handed out.
 * Takes the heap lock once. Return: the cache, or NULL on bad arguments or
 * no memory.
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned long flags,
				     void (*ctor)(void *));
void *kmem_cache_alloc(struct kmem_cache *c, gfp_t flags);
void kmem_cache_free(struct kmem_cache *c, void *p);
/* kmem_cache_destroy - every object must be freed; leaks are reported. */
void kmem_cache_destroy(struct kmem_cache *c);

/* ---- pages ------------------------------------------------------------ */

/* alloc_pages_exact - page-aligned run of ceil(size / PAGE_SIZE) pages. */
void *alloc_pages_exact(size_t size, gfp_t flags);
void free_pages_exact(void *p, size_t size);

/* ---- introspection ---------------------------------------------------- */

#define MM_STATS_CLASSES 72	/* >= the number of size classes */

struct mm_stats {
	size_t total_bytes;	/* managed: pages of every added region, less reserved */
	size_t free_bytes;	/* in free page runs (untouched arenas included) */
	size_t used_bytes;	/* in spans handed out: small spans + large objects */
	size_t cached_bytes;	/* of used: empty small spans and freed large
				 * runs kept for reuse, given back by
				 * mm_drain() or when pages run out; and
				 * free chunks of a tiny heap's spans */
	size_t meta_bytes;	/* index, arena metadata, span structs, caches */
	size_t min_free_bytes;	/* lowest free_bytes since mm_init */
	size_t largest_free_run; /* bytes in the largest free page run */
	unsigned int arenas_mapped; /* arenas with metadata */
	unsigned int nr_classes;
	struct {
		unsigned int size;	/* object bytes */
		unsigned long live;	/* objects allocated and not freed */
		unsigned long spans;	/* spans of this class */
	} cls[MM_STATS_CLASSES];
	unsigned long bad_frees;	/* kfree calls reported and ignored */
	unsigned long corruptions;	/* red zone / poison reports (debug >= 2) */
};
/* Identity: total_bytes == free_bytes + used_bytes + meta_bytes.
 * Heap lock; O(pages in grown arenas): for diagnostics, not hot paths. */
void mm_get_stats(struct mm_stats *st);
/**
 * mm_reset_min_free - restart the low-water mark: min_free_bytes becomes
 * the current free_bytes (FreeRTOS's xPortResetHeapMinimumEverFreeHeapSize).
 * Heap lock, O(1), IRQ-safe.
 */
void mm_reset_min_free(void);
/**
 * mm_for_each_free_run - call @fn(base, bytes, @arg) for every free page
 * run: the free-run tree's runs in address order, then each stretch of
 * usable pages no arena holds yet; together they make free_bytes. Runs
 * under the heap lock with IRQs masked: @fn must not allocate or free.
 * O(free runs + regions * reserved).
 */
void mm_for_each_free_run(void (*fn)(uintptr_t base, size_t bytes, void *arg),
			  void *arg);

/**
 * mm_validate - walk every arena, span, class list and counter and check
 * the invariants of docs/design.md. Takes every lock; not for IRQ context.
 * Return: 0 when all hold, else -EUCLEAN after printing what broke.
 */
int mm_validate(void);
/* mm_selftest - run the self-test suites (KTAP). Return: 0 when all pass. */
int mm_selftest(void);
/* mm_dump - print arenas, spans, classes and free runs as text. */
void mm_dump(void);
/**
 * mm_drain - give the calling CPU's cached spans back to the central lists,
 * and empty spans and kept large runs to the page allocator, so free_bytes
 * counts them again. Call it on each CPU before comparing free_bytes with
 * a baseline.
 */
void mm_drain(void);

#pragma GCC visibility pop

#endif
