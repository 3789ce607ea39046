// SPDX-License-Identifier: MIT
/*
 * kmem_cache: named caches of fixed-size objects. A cache is a view of the
 * size class that fits its size and alignment (as SLUB merges caches of
 * similar geometry), so it shares that class's spans and per-CPU fast
 * path; large or over-aligned caches take whole pages. The cache counts
 * its live objects, so destroying a cache with objects left is reported.
 */
#include "central.h"
#include "cpu_cache.h"
#include "debug.h"
#include "init.h"
#include "kmalloc.h"
#include "large.h"
#include "lookup.h"
#include "report.h"
#include "tiny.h"
#include "typed.h"

struct kmem_cache {
	const char *name;
	size_t size;		/* object bytes as asked */
	size_t align;		/* power of two, >= MM_MIN_ALIGN */
	unsigned int cls;	/* backing size class; 0: whole pages */
	void (*ctor)(void *obj);
	const struct mm_type *type;	/* typed cache: pointer bits, or NULL */
	/* Allocated, not yet freed through the cache (atomic); never below
	 * 0: a free that would take it there is another cache's object. */
	unsigned long live;
	/* Destroyed: on the pool below, until a create takes it again. */
	bool dead;		/* under slab_pool->lock */
	struct kmem_cache *next_free;	/* destroyed caches, for reuse */
};

/*
 * Destroyed caches, kept for the next create, under a lock of their own:
 * creating and destroying caches never waits for the page allocator.
 * Made from persistent metadata by the first create, so a heap without
 * caches pays nothing for it; mheap.lock is taken here only to carve
 * metadata, never while slab_pool->lock is held.
 */
struct slab_pool {
	spinlock_t lock;		/* guards free and every cache's dead */
	struct kmem_cache *free;	/* destroyed caches, newest first */
};

static struct slab_pool *slab_pool;	/* set once (release), never freed */

static void slab_pool_init(void *obj)
{
	struct slab_pool *p = obj;

	spin_lock_init(&p->lock);	/* free comes zeroed: empty */
}

/* The pool, made on first use; NULL when no metadata is left for it. */
static struct slab_pool *slab_pool_get(void)
{
	return page_persist_once((void **)&slab_pool, sizeof(struct slab_pool),
			    slab_pool_init);
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size,
				     size_t align, unsigned long flags,
				     void (*ctor)(void *))
{
	struct slab_pool *pool;
	struct kmem_cache *c;
	unsigned long irq;

	(void)flags;
	if (!size || (align && !is_power_of_2(align)) || align > MM_MAX_ALIGN ||
	    size > SIZE_MAX - MM_MAX_ALIGN || mminit_early("kmem_cache_create"))
		return NULL;
	pool = slab_pool_get();
	if (!pool)
		return NULL;
	irq = spin_lock_irqsave(&pool->lock);
	c = pool->free;
	if (c)
		pool->free = c->next_free;
	spin_unlock_irqrestore(&pool->lock, irq);
	if (!c) {
		irq = spin_lock_irqsave(&mheap.lock);
		c = page_persist_alloc_locked(sizeof(*c));
		spin_unlock_irqrestore(&mheap.lock, irq);
		if (!c)
			return NULL;
	}
	c->name = name;
	c->size = size;
	c->align = max(align, MM_MIN_ALIGN);
	c->cls = sizeclass_for_aligned(size, c->align);
	c->ctor = ctor;
	c->type = NULL;
	c->live = 0;
	c->dead = false;
	c->next_free = NULL;
	return c;
}

/* kmem_cache_alloc - an object; @ctor, if any, runs on it every time. */
void *kmem_cache_alloc(struct kmem_cache *c, gfp_t flags)
{
	void *p;

	/* A typed cache's objects, as kmalloc_typed()'s, start with no
	 * pointers: never a tiny heap's chunk, which is always untyped. */
	if (c->type)
		flags |= __GFP_NOSCAN;
	p = kmalloc_caller(c->size, c->align, flags, caller_address());
	if (!p)
		return NULL;
	if (IS_ENABLED(CONFIG_MM_HEAP_BITMAP) && c->type &&
	    typed_make(p, ksize(p), 1, c->type, 0)) {
		kfree(p);
		return NULL;
	}
	if (c->ctor)
		c->ctor(p);
	if (MM_DEBUG_REDZONES)
		dbg_set_cache(p, c);
	__atomic_fetch_add(&c->live, 1, __ATOMIC_RELAXED);
	return p;
}

void kmem_cache_free(struct kmem_cache *c, void *p)
{
	/* ksize() of this cache's objects: the class or pages they take,
	 * or with red zones the size asked; on a tiny heap, at least the
	 * size (a chunk may keep a few bytes more). */
	size_t want = MM_DEBUG_REDZONES ? c->size
		      : c->cls		? sizeclass_size(c->cls)
					: large_pages(c->size) << PAGE_SHIFT;
	size_t got = ksize(p);
	unsigned long live;

	if (!p)
		return;
	if (IS_ENABLED(CONFIG_MM_TINY) && got &&
	    span_of_heap((uintptr_t)p)->state == SPAN_TINY)
		want = got >= c->size ? got : 0;
	/* Another geometry shows in ksize(). The same one shows in the
	 * object's trailer at debug level 2 and up; below, only when this
	 * cache has nothing left to free (caches share their class's spans,
	 * so an object does not say which cache it came from). */
	live = got == want &&
		       (!MM_DEBUG_REDZONES || dbg_cache_is(p, c))
		       ? __atomic_load_n(&c->live, __ATOMIC_RELAXED)
		       : 0;
	do {
		if (!live) {
			kfree_report_bad(p, caller_address(),
					   "object does not belong to this "
					   "cache");
			return;
		}
	} while (!__atomic_compare_exchange_n(&c->live, &live, live - 1, true,
					      __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	if (kfree_caller(p, caller_address()))
		__atomic_fetch_add(&c->live, 1, __ATOMIC_RELAXED);
}

/*
 * Objects allocated in class @c, in every span of it: a bound on what a
 * cache of that class can still have out, since a cache object freed with
 * kfree() is not taken off its cache's count (an object does not say
 * which cache it came from). O(spans of the class), under its lock.
 */
static unsigned long class_allocated(unsigned int c)
{
	static const unsigned int lists[] = { SPAN_LIST_PARTIAL,
					      SPAN_LIST_FULL };
	struct central *ct = central_of(c);
	unsigned long n = 0, flags = spin_lock_irqsave(&ct->lock);

	for (unsigned int i = 0; i < ARRAY_SIZE(lists); i++)
		for (struct span *s = *central_list(ct, lists[i]); s;
		     s = s->next)
			n += span_count_allocated(s);
	for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
		struct span *s = cpu_cache_span(cpu, c);

		if (s)
			n += span_count_allocated(s);
	}
	spin_unlock_irqrestore(&ct->lock, flags);
	return n;
}

void kmem_cache_destroy(struct kmem_cache *c)
{
	struct slab_pool *pool;
	unsigned long irq, live = 0;
	const char *name = NULL;
	unsigned int cls = 0;
	bool dead;

	if (!c)
		return;
	/* A cache exists only once the pool does. Read before the struct
	 * is on the pool, where a create may take it at once. */
	pool = __atomic_load_n(&slab_pool, __ATOMIC_ACQUIRE);
	if (!pool) {
		kfree_report_bad(c, caller_address(),
				   "kmem_cache_destroy of no cache");
		return;
	}
	irq = spin_lock_irqsave(&pool->lock);
	dead = c->dead;
	if (!dead) {
		live = __atomic_load_n(&c->live, __ATOMIC_RELAXED);
		name = c->name;
		cls = c->cls;
		c->dead = true;
		c->next_free = pool->free;
		pool->free = c;
	}
	spin_unlock_irqrestore(&pool->lock, irq);
	if (dead) {
		kfree_report_bad(c, caller_address(),
				   "kmem_cache_destroy of a destroyed cache");
		return;
	}
	/* On a tiny heap the objects are chunks, in no class's spans. */
	if (live && cls && !tiny_active)
		live = min(live, class_allocated(cls));
	if (live)
		pr_warn("mm: kmem_cache_destroy(%s): up to %lu objects still "
			"allocated; they stay valid until kfree\n",
			name, live);
}

struct kmem_cache *kmem_cache_create_typed(const char *name,
					   const struct mm_type *t,
					   size_t align, void (*ctor)(void *))
{
	struct kmem_cache *c;

	if (!IS_ENABLED(CONFIG_MM_HEAP_BITMAP) || !t || !t->size ||
	    t->size % sizeof(void *))
		return NULL;
	c = kmem_cache_create(name, t->size, align, 0, ctor);
	if (c)
		c->type = t;
	return c;
}
