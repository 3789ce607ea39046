/* SPDX-License-Identifier: MIT */
/*
 * Typed objects, object lookup, the leak scanner and the opt-in collector:
 * the API on top of the heap bitmap (CONFIG_MM_HEAP_BITMAP). Built
 * without the bitmap, every call here answers -EOPNOTSUPP or NULL.
 */
#ifndef MM_SCAN_H
#define MM_SCAN_H

#include <stddef.h>
#include <stdint.h>
#include <mm/gfp.h>

/*
 * A type descriptor: @size bytes (a multiple of the word size), and a mask
 * with bit i set when word i may hold a heap pointer (NULL: no pointers).
 * Arrays repeat the mask every @size bytes. Descriptors must outlive the
 * objects allocated with them.
 */
struct mm_type {
	const char *name;
	size_t size;
	const unsigned long *ptrmask;
};

/* Typed allocation: the object's pointer bits follow the type exactly.
 * Zero-filled. Same bounds and locking as kmalloc. */
void *kmalloc_typed(const struct mm_type *t, gfp_t flags);
/* An array of @n elements; NULL when @n * size overflows. */
void *kmalloc_array_typed(const struct mm_type *t, size_t n, gfp_t flags);
/* A kmem_cache whose objects carry @t's pointer bits. */
struct kmem_cache *kmem_cache_create_typed(const char *name,
					   const struct mm_type *t,
					   size_t align, void (*ctor)(void *));

/* Collected objects (for an embedded interpreter's heap): freed by
 * mm_gc() once unreachable; @t may be NULL (conservative). Zero-filled. */
void *kmalloc_collected(size_t size, const struct mm_type *t, gfp_t flags);

/* What mm_find_object() knows of an object. */
struct mm_object {
	void *base;
	size_t size;			/* usable bytes (ksize) */
	const struct mm_type *type;	/* NULL: untyped */
	unsigned int flags;		/* MM_OBJ_* */
};
#define MM_OBJ_NOSCAN		0x1	/* holds no pointers */
#define MM_OBJ_COLLECTED	0x2	/* belongs to mm_gc() */

/**
 * mm_find_object - the live object holding address @p (any interior
 * pointer), through the arena index. Lock-free, O(1); never faults.
 * Return: 0, -ENOENT when @p is in no live object, -EOPNOTSUPP.
 */
int mm_find_object(const void *p, struct mm_object *obj);

/*
 * Root ranges the scanner reads conservatively, every aligned word.
 * mm_register_image() is for the port: its image's data, bss and stacks
 * (the CPUs' stacks live there on every board here), scanned unless
 * MM_SCAN_NO_DEFAULT_ROOTS. Return: 0; -EINVAL for an empty range or one
 * that wraps around the address space (or ends exactly at its top);
 * -ENOSPC, -ENOENT, -EOPNOTSUPP; -ENODEV before mm_init().
 */
int mm_register_root(const void *base, size_t size);
int mm_register_image(const void *base, size_t size);
int mm_unregister_root(const void *base);

/* Scan flags. */
#define MM_SCAN_NO_DEFAULT_ROOTS 0x1	/* registered roots only */

typedef void (*mm_leak_fn)(const struct mm_object *obj, void *arg);
/**
 * mm_scan_leaks - mark everything reachable from the roots through the
 * pointer bits (precise for typed objects, conservative for untyped ones,
 * skipping __GFP_NOSCAN ones) and call @fn for every unreachable object.
 * Holds every allocator lock throughout, so @fn may print but must not
 * allocate or free. O(roots + marked objects' words + heap pages); the
 * mark stack is bounded and an overflow is handled by rescanning.
 * Return: unreachable objects, or -EOPNOTSUPP.
 */
long mm_scan_leaks(unsigned int flags, mm_leak_fn fn, void *arg);
/**
 * mm_gc - free every unreachable collected object; ordinary objects are
 * never touched. Collected objects must not be allocated concurrently
 * (stop the interpreter). Return: objects freed, or -EOPNOTSUPP.
 */
long mm_gc(unsigned int flags);

#endif
