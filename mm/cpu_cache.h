/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU caches (mm/cpu_cache.c): each CPU's span and cached bitmap
 * word per class, and the kmalloc fast path on them.
 */
#ifndef MM_CPU_CACHE_H
#define MM_CPU_CACHE_H

#include "span.h"

/*
 * A CPU's allocation state for one class: the span it owns and a cache of
 * the free objects of one word of the span's bitmap (Go's allocCache).
 * Only its CPU changes it, with interrupts masked.
 */
struct cpu_class {
	/* Objects of bitmap word @w of @s that were free when the word was
	 * read and are not handed out since; reserved in s->nalloc. */
	unsigned long avail;
	uintptr_t base;		/* address of object @w * BITS_PER_LONG */
	unsigned long *word;	/* &s->alloc_bits[@w] */
	size_t size;		/* object size of the class */
	/* s->owner == cpu + 1; NULL: none yet. Written under the class's
	 * central lock, as s->owner is: other CPUs read it under that lock
	 * (mm_validate()), its own CPU reads it without. */
	struct span *s;
	unsigned int w;
	/* 64 B on 64-bit, a cache line, so the row index is a shift; 24 B
	 * on 32-bit, where a row of them is boot metadata of a small MCU. */
} __aligned(sizeof(long) == 8 ? 8 * sizeof(long) : sizeof(long));

/* CONFIG_NR_CPUS rows of MM_STATS_CLASSES, the last one cut to the
 * classes that exist, from metadata (cpu_cache.c). */
extern struct cpu_class *cpu_classes;

static inline struct cpu_class *cpu_class_of(unsigned int cpu, unsigned int c)
{
	return &cpu_classes[cpu * MM_STATS_CLASSES + c];
}

/* Bytes of boot metadata cpu_cache_init() allocates. */
size_t cpu_cache_bytes(void);
int cpu_cache_init(void);
/* Slow path of cpu_cache_alloc(): a new word or span, or, for
 * _borrow() (@borrow: a kmalloc's size), an object of a larger class when
 * @c can have no span; NULL when out of memory. Entered with interrupts
 * masked, which it restores to @flags. Two functions of four arguments,
 * not one of five: the fast path then tail-calls them on 32-bit ARM too,
 * with no stack frame of its own. */
void *cpu_cache_refill(struct cpu_class *cc, unsigned int c,
		       struct span **sp, unsigned long flags);
void *cpu_cache_refill_borrow(struct cpu_class *cc, unsigned int c,
			      unsigned long flags, size_t borrow);
/* cpu_cache_alloc() before mm_init(): NULL, interrupts back to @flags. */
void *cpu_cache_early(unsigned long flags);
/* Give every span of the calling CPU's cache back to the central lists. */
void cpu_cache_drain(void);
/* Out of memory: cpu_cache_drain(), then page_reclaim(), then free span
 * tails (central_trim_tails()). Return: pages given back. Tiny only, no
 * layer keeps pages (no CPU caches or class spans, no kept large runs):
 * 0, so the callers' retries fold away. */
size_t cpu_cache_give_back_all(void);
static inline size_t cpu_cache_give_back(void)
{
	return IS_ENABLED(CONFIG_MM_TINY_ONLY) ? 0 : cpu_cache_give_back_all();
}
struct span *cpu_cache_span(unsigned int cpu, unsigned int c);

/* Hand out the lowest object of @cc's cached word; @cc->avail != 0. The
 * bit itself is avail & -avail: no shift of 1 by its index. */
static inline void *cpu_class_pop(struct cpu_class *cc)
{
	unsigned long avail = cc->avail, bit = avail & -avail;

	cc->avail = avail ^ bit;
	span_bits_set(cc->word, bit);
	return (void *)(cc->base + (unsigned long)__ffs(bit) * cc->size);
}

/*
 * cpu_cache_alloc - an object of class @c, and its span in *@sp unless
 * @sp is NULL. The fast path takes a bit from this CPU's cached word: no
 * lock, one bit set. @borrow: the size of a plain kmalloc, which may get
 * an object of a larger class when memory is out (ksize() says so); 0 for
 * kmem_cache and aligned requests, whose objects are all of their class.
 * Return: the object, or NULL when memory is out.
 */
static __always_inline void *cpu_cache_alloc(unsigned int c, struct span **sp,
					     size_t borrow)
{
	unsigned long flags = local_irq_save();
	struct cpu_class *cc;
	void *p;

	/* A test of the pointer cpu_class_of() loads anyway. */
	if (unlikely(!cpu_classes))			/* before mm_init */
		return cpu_cache_early(flags);
	cc = cpu_class_of(arch_local_cpu_id(), c);
	if (unlikely(!cc->avail)) {			/* slow path */
		/* Callers that want the span never borrow (kmalloc_caller(),
		 * kmem_cache); kmalloc's fast path wants no span. */
		if (sp)
			return cpu_cache_refill(cc, c, sp, flags);
		return cpu_cache_refill_borrow(cc, c, flags, borrow);
	}
	p = cpu_class_pop(cc);				/* fast path */
	if (sp)
		*sp = cc->s;
	local_irq_restore(flags);
	return p;
}

#endif
