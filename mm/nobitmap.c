// SPDX-License-Identifier: MIT
/*
 * Built without the heap bitmap (CONFIG_MM_HEAP_BITMAP=n, the smallest
 * MCUs): the typed and scan API says so instead of pretending.
 */
#include "typed.h"

/* The bitmap hooks: no bits to write. Callers test CONFIG_MM_HEAP_BITMAP
 * and the compiler drops the calls; these keep a caller that does not
 * (or a build at -O0) linking. */
void typed_span_init(struct span *s)
{
	(void)s;
}

void typed_span_release(struct span *s)
{
	(void)s;
}

void typed_alloc(struct span *s, void *p, size_t size, gfp_t flags)
{
	(void)s;
	(void)p;
	(void)size;
	(void)flags;
}

void typed_free(struct span *s, const void *p, size_t size, long idx)
{
	(void)s;
	(void)p;
	(void)size;
	(void)idx;
}

void *kmalloc_typed(const struct mm_type *t, gfp_t flags)
{
	(void)t;
	(void)flags;
	return NULL;
}

void *kmalloc_array_typed(const struct mm_type *t, size_t n, gfp_t flags)
{
	(void)t;
	(void)n;
	(void)flags;
	return NULL;
}

void *kmalloc_collected(size_t size, const struct mm_type *t, gfp_t flags)
{
	(void)size;
	(void)t;
	(void)flags;
	return NULL;
}

int mm_find_object(const void *p, struct mm_object *obj)
{
	(void)p;
	(void)obj;
	return -EOPNOTSUPP;
}

int mm_register_root(const void *base, size_t size)
{
	(void)base;
	(void)size;
	return -EOPNOTSUPP;
}

int mm_register_image(const void *base, size_t size)
{
	(void)base;
	(void)size;
	return -EOPNOTSUPP;
}

int mm_unregister_root(const void *base)
{
	(void)base;
	return -EOPNOTSUPP;
}

long mm_scan_leaks(unsigned int flags, mm_leak_fn fn, void *arg)
{
	(void)flags;
	(void)fn;
	(void)arg;
	return -EOPNOTSUPP;
}

long mm_gc(unsigned int flags)
{
	(void)flags;
	return -EOPNOTSUPP;
}
