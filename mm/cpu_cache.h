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
	/* The three the fast path loads together after @avail, first: one
	 * ldm on 32-bit ARM. */
	uintptr_t base;		/* address of object @w * BITS_PER_LONG */
	unsigned long *word;	/* &s->alloc_bits[@w] */
	size_t size;		/* object size of the class */
	/* Objects of bitmap word @w of @s that were free when the word was
	 * read and are not handed out since; reserved in s->nalloc. */
	unsigned long avail;
	/* s->owner == cpu + 1; NULL: none yet. Written under the class's
	 * central lock, as s->owner is: other CPUs read it under that lock
	 * (mm_validate()), its own CPU reads it without. */
	struct span *s;
	unsigned int w;
	/* 64 B on 64-bit, a cache line, so the row index is a shift; 24 B
	 * on 32-bit, where a row of them is boot metadata of a small MCU. */
} __aligned(sizeof(long) == 8 ? 8 * sizeof(long) : sizeof(long));

/*
 * A CPU's cache, in boot metadata (cpu_cache.c): a row per class, behind
 * kmalloc's own size table, so that the row of a size is one byte load
 * and one add, no multiply by the row size. The table has kmalloc's two
 * steps (sizeclass.h): 8 bytes up to SC_LUT8_MAX, then 128 up to the
 * largest class, so that every plain kmalloc of a class size takes the
 * same path (half of `mixed`'s calls are above 1 KiB).
 */
#define CPU_CACHE_SIZES8 (SC_LUT8_MAX / SC_LUT8_STEP)
#define CPU_CACHE_SIZES                                                        \
	(CPU_CACHE_SIZES8 + (SC_MAX_SMALL_SIZE - SC_LUT8_MAX) / SC_LUT128_STEP)
/* The largest power of two dividing the row size: the table's unit. */
#define CPU_CLASS_UNIT	(sizeof(struct cpu_class) & -sizeof(struct cpu_class))
struct cpu_cache {
	/* row_of[cpu_cache_size_index(size)]: the row of size's class, in
	 * CPU_CLASS_UNITs from the struct's start. */
	u8 row_of[CPU_CACHE_SIZES];
	struct cpu_class rows[];	/* sizeclass_count of them */
};

/* Index into cpu_cache.row_of[] of a size 1 .. SC_MAX_SMALL_SIZE. The
 * first table is 8-byte steps; the second goes on from its end. */
static inline unsigned int cpu_cache_size_index(size_t size)
{
	if (size <= SC_LUT8_MAX)
		return (size - 1) / SC_LUT8_STEP;
	return (size - 1) / SC_LUT128_STEP +
	       (CPU_CACHE_SIZES8 - SC_LUT8_MAX / SC_LUT128_STEP);
}

/*
 * Each CPU's cache. Until mm_init() every one is cpu_cache_none, a
 * read-only table of zeros: the fast path finds nothing free there, so it
 * needs no test of its own for an early call; its slow path has one.
 */
extern struct cpu_cache *cpu_caches[CONFIG_NR_CPUS];
extern const struct cpu_cache cpu_cache_none;

static inline struct cpu_class *cpu_class_of(unsigned int cpu, unsigned int c)
{
	return &cpu_caches[cpu]->rows[c];
}

/* Bytes of boot metadata cpu_cache_init() allocates. */
size_t cpu_cache_bytes(void);
int cpu_cache_init(void);
/* Slow path of cpu_cache_alloc(): a new word or span, or, for
 * _borrow(), an object of a larger class for a kmalloc of @size bytes
 * when @cc's class can have no span; NULL when out of memory or before
 * mm_init(). Entered with interrupts masked, which it restores to
 * @flags. Not one function of more arguments: the fast path then
 * tail-calls them on 32-bit ARM too, with no stack frame of its own. */
void *cpu_cache_refill(struct cpu_class *cc, unsigned int c,
		       struct span **sp, unsigned long flags);
void *cpu_cache_refill_borrow(size_t size, unsigned long flags,
			      struct cpu_class *cc);
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
	uintptr_t p = cc->base + (unsigned long)__ffs(avail) * cc->size;

	cc->avail = avail ^ bit;
	span_bits_set(cc->word, bit);
	return (void *)p;
}

/*
 * cpu_cache_alloc - an object of class @c and its span in *@sp, for
 * kmalloc_caller() (kmem_cache, aligned requests, krealloc): never a
 * borrowed one. The fast path takes a bit from this CPU's cached word:
 * no lock, one bit set.
 * Return: the object, or NULL when memory is out.
 */
static __always_inline void *cpu_cache_alloc(unsigned int c, struct span **sp)
{
	unsigned long flags = local_irq_save();
	struct cpu_class *cc = cpu_class_of(arch_local_cpu_id(), c);
	void *p;

	/* cpu_cache_none has no rows: no read of @c's. */
	if (unlikely(cpu_caches[arch_local_cpu_id()] == &cpu_cache_none ||
		     !cc->avail))			/* slow path */
		return cpu_cache_refill(cc, c, sp, flags);
	p = cpu_class_pop(cc);				/* fast path */
	*sp = cc->s;
	local_irq_restore(flags);
	return p;
}

/*
 * cpu_cache_kmalloc - an object for a kmalloc of @size bytes, 0 < @size
 * <= SC_MAX_SMALL_SIZE, from the row at @index of its table
 * (cpu_cache_size_index(), which a caller that knows @size's range folds);
 * NULL when memory is out. May borrow an object of a larger class
 * (ksize() says so). Before mm_init() that row has nothing free: the
 * slow path refuses.
 */
static __always_inline void *cpu_cache_kmalloc(size_t size, unsigned int index)
{
	unsigned long flags = local_irq_save();
	struct cpu_cache *cache = cpu_caches[arch_local_cpu_id()];
	struct cpu_class *cc;
	void *p;

	cc = (struct cpu_class *)((char *)cache +
				  cache->row_of[index] * CPU_CLASS_UNIT);
	OPTIMIZER_HIDE_VAR(cc);		/* one base register for the row */
	if (unlikely(!cc->avail))			/* slow path */
		return cpu_cache_refill_borrow(size, flags, cc);
	p = cpu_class_pop(cc);				/* fast path */
	local_irq_restore(flags);
	return p;
}

#endif
