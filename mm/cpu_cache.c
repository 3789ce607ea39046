// SPDX-License-Identifier: MIT
/*
 * Per-CPU caches: for each size class, the one span a CPU allocates from,
 * and the free objects of one word of its bitmap (struct cpu_class). The
 * fast path, cpu_cache_alloc() in cpu_cache.h, takes a bit of that word
 * with interrupts masked (so an IRQ handler on this CPU cannot run into
 * the same word) and sets the object's allocation bit: no lock. This file
 * is the slow path: the next word of the span, or the next span, from the
 * class's central lists under their lock.
 */
#include "central.h"
#include "cpu_cache.h"
#include "tiny.h"
#include "init.h"
#include "page.h"

/* Rows start on a unit (mm/sizeclass.c checks that the last one's
 * offset fits a byte of cpu_cache.row_of[]). */
_Static_assert(sizeof(struct cpu_cache) % CPU_CLASS_UNIT == 0,
	       "a row offset is a whole number of units");

static char *cache_row(struct cpu_cache *cache, unsigned int c)
{
	return (char *)&cache->rows[c];
}

/* Its table is zeros: every size's row is the table's own first bytes,
 * read only as an avail of 0. */
const struct cpu_cache cpu_cache_none;

struct cpu_cache *cpu_caches[CONFIG_NR_CPUS] = {
	[0 ... CONFIG_NR_CPUS - 1] = (struct cpu_cache *)&cpu_cache_none};

/* The class of the sizes at row_of[@i], up to i + 1 steps of its table:
 * that table's entry i + 1. */
static unsigned int size_class(unsigned int i)
{
	return i < CPU_CACHE_SIZES8
		       ? sizeclass_lut8[i + 1]
		       : sizeclass_lut128[i - CPU_CACHE_SIZES8 + 1];
}

/* One CPU's cache; a multiple of the row alignment, so all are aligned. */
static size_t cpu_cache_one_bytes(void)
{
	return sizeof(struct cpu_cache) +
	       sizeclass_count * sizeof(struct cpu_class);
}

size_t cpu_cache_bytes(void)
{
	return CONFIG_NR_CPUS * cpu_cache_one_bytes();
}

int cpu_cache_init(void)
{
	char *m = page_persist_alloc_locked(cpu_cache_bytes());

	if (!m)
		return -ENOMEM;
	for (unsigned int cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
		struct cpu_cache *cache =
			(struct cpu_cache *)(m + cpu * cpu_cache_one_bytes());

		for (unsigned int i = 0; i < CPU_CACHE_SIZES; i++)
			cache->row_of[i] =
				(u8)((size_t)(cache_row(cache, size_class(i)) -
					      (char *)cache) /
				     CPU_CLASS_UNIT);
		/* Built before it is seen: an early call on another CPU
		 * reads the table through the pointer it loads. */
		__atomic_store_n(&cpu_caches[cpu], cache, __ATOMIC_RELEASE);
	}
	return 0;
}

struct span *cpu_cache_span(unsigned int cpu, unsigned int c)
{
	return cpu_class_of(cpu, c)->s;
}

/* Reserve the owned span's next word with free objects: its free bits
 * and its index in *@w; 0 when the span is full or there is none. */
static __always_inline unsigned long cpu_class_reserve(struct cpu_class *cc,
						       unsigned int *w)
{
	struct span *s = cc->s;

	return s ? span_reserve_word(s, cc->w + 1, w) : 0;
}

/*
 * Cache word @w of the owned span, whose free objects @free were just
 * reserved, and hand out the lowest, from registers (no cpu_class_pop()
 * reloading what was just stored). The common refill, inline in both.
 */
static __always_inline void *
cpu_class_take_word(struct cpu_class *cc, unsigned long free, unsigned int w)
{
	struct span *s = cc->s;
	unsigned long bit = free & -free;
	uintptr_t base = span_base(s) + w * BITS_PER_LONG * cc->size;

	cc->avail = free ^ bit;
	cc->w = w;
	cc->word = &s->alloc_bits[w];
	cc->base = base;
	span_bits_set(&s->alloc_bits[w], bit);
	return (void *)(base + (unsigned long)__ffs(bit) * cc->size);
}

/* Both: an object of the owned span's next word, or NULL. */
static __always_inline void *cpu_class_next_word_pop(struct cpu_class *cc)
{
	unsigned long free;
	unsigned int w;

	free = cpu_class_reserve(cc, &w);
	return free ? cpu_class_take_word(cc, free, w) : NULL;
}

/* Hand the owned span back, returning what is still reserved. */
static void cpu_class_release_locked(struct central *ct, struct cpu_class *cc)
{
	if (!cc->s)
		return;
	if (cc->avail) /* a refill's is 0 */
		span_nalloc_add(cc->s, -(int)popcount(cc->avail));
	cc->avail = 0;
	central_release_locked(ct, cc->s);
	cc->s = NULL;
}

/* Swap the owned span for one with free objects and take one of them;
 * NULL: out of memory. */
static void *cpu_class_swap(struct cpu_class *cc, unsigned int c)
{
	struct central *ct = central_of(c);
	struct span *s;

	spin_lock(&ct->lock);
	cpu_class_release_locked(ct, cc);
	s = central_take_locked(ct, c, arch_local_cpu_id());
	/* Under the lock, with the owner: mm_validate() compares them. */
	cc->s = s;
	spin_unlock(&ct->lock);
	if (!s)
		return NULL;
	cc->size = sizeclass_size(c);
	cc->w = SPAN_WORDS(s->nelems) - 1;	/* the scan starts at word 0 */
	return cpu_class_next_word_pop(cc);
}

/*
 * Out of memory: give the spans of this CPU's cache back to the central
 * lists, and the empty ones among them to the page allocator. A span a
 * CPU owns stays its own while all its objects are freed, so on a small
 * heap the pages a request needs may all sit in them; failing that, the
 * free pages at the ends of partly used spans (central_trim_tails()).
 * Return: pages given back. O(classes), with each class lock in turn, or
 * O(spans) when tails are trimmed.
 */
size_t cpu_cache_give_back_all(void)
{
	size_t pages;

	cpu_cache_drain();
	pages = page_reclaim();
	return pages ? pages : central_trim_tails();
}

/*
 * Class @c can have no span: take an object of a larger class for a
 * kmalloc of @size bytes instead, from this CPU's cache of the first
 * class above @c that has one free in its cached word, its span, or its
 * partial or empty spans or a new one. A power-of-two @size keeps its
 * natural alignment (the class must be a multiple of it); any other gets
 * the MM_MIN_ALIGN every class has. On a heap that is full, the objects
 * other classes have free are used before a request fails. Return: the
 * object, or NULL. O(classes), only when memory is out.
 */
static void *cpu_cache_borrow(unsigned int c, size_t size)
{
	size_t align = is_power_of_2(size) ? size : MM_MIN_ALIGN;
	unsigned int cpu = arch_local_cpu_id();
	void *p;

	for (unsigned int b = c + 1; b < sizeclass_count; b++) {
		struct cpu_class *cb = cpu_class_of(cpu, b);

		if (sizeclass_size(b) & (align - 1))
			continue;
		if (cb->avail)
			return cpu_class_pop(cb);
		if ((p = cpu_class_next_word_pop(cb)) ||
		    (p = cpu_class_swap(cb, b)))
			return p;
	}
	return NULL;
}

/* Out of pages when swapping: spans other classes or large objects keep
 * may do, and then the spans this CPU holds for other classes, some of
 * them empty again; then, for a kmalloc of @borrow bytes, a larger class. */
static void *__noinline cpu_cache_refill_oom(struct cpu_class *cc,
					     unsigned int c, size_t borrow)
{
	void *p = NULL;

	if (page_reclaim())
		p = cpu_class_swap(cc, c);
	if (!p && cpu_cache_give_back())
		p = cpu_class_swap(cc, c);
	if (!p && borrow)
		p = cpu_cache_borrow(c, borrow);
	return p;
}

/* The rest of a refill, once the owned span's next word did not do;
 * interrupts stay masked. Inline in both refills: one frame, not two. */
static __always_inline void *cpu_cache_refill_any(struct cpu_class *cc,
						  unsigned int c, size_t borrow)
{
	void *p = cpu_class_swap(cc, c);

	return likely(p) ? p : cpu_cache_refill_oom(cc, c, borrow);
}

/* Before mm_init(): NULL, interrupts back to @flags. */
static void *__cold __noinline cpu_cache_early(unsigned long flags)
{
	local_irq_restore(flags);
	mminit_refuse("an allocation");
	return NULL;
}

/*
 * The refills. The common one, the owned span's next word, is inline in
 * both. kmalloc's (cpu_cache_refill_borrow()) tries it first: a row of
 * cpu_cache_none (all of its size table's rows are its first bytes) and a
 * tiny heap's classes have no span, so they fail it and are told apart
 * only then. cpu_cache_alloc()'s class may have no row in cpu_cache_none,
 * which has none past its table: that one tests first.
 */
void *cpu_cache_refill(struct cpu_class *cc, unsigned int c,
		       struct span **sp, unsigned long flags)
{
	unsigned long free;
	unsigned int w;
	void *p;

	if (cpu_caches[arch_local_cpu_id()] == &cpu_cache_none)
		return cpu_cache_early(flags);
	free = cpu_class_reserve(cc, &w);
	p = likely(free) ? cpu_class_take_word(cc, free, w)
			 : cpu_cache_refill_any(cc, c, 0);
	*sp = p ? cc->s : NULL;
	local_irq_restore(flags);
	return p;
}

static void *__noinline cpu_cache_borrow_slow(size_t borrow,
					      unsigned long flags,
					      struct cpu_class *cc)
{
	unsigned int cpu = arch_local_cpu_id(), c;
	size_t got;
	void *p;

	if (cpu_caches[cpu] == &cpu_cache_none)
		return cpu_cache_early(flags);
	/* A tiny heap's classes hold no span for plain kmalloc, so every
	 * one comes here, off the fast path, which has no test for it. */
	if (tiny_serves(borrow, 0, 0)) {
		local_irq_restore(flags);
		return tiny_alloc(borrow, 0, &got);
	}
	c = (unsigned int)(cc - cpu_class_of(cpu, 0));
	p = cpu_cache_refill_any(cc, c, borrow);
	local_irq_restore(flags);
	return p;
}

void *cpu_cache_refill_borrow(size_t borrow, unsigned long flags,
			      struct cpu_class *cc)
{
	unsigned long free;
	unsigned int w;
	void *p;

	free = cpu_class_reserve(cc, &w);
	if (unlikely(!free))
		return cpu_cache_borrow_slow(borrow, flags, cc);
	p = cpu_class_take_word(cc, free, w);
	local_irq_restore(flags);
	return p;
}

void cpu_cache_drain(void)
{
	unsigned long flags = local_irq_save();
	unsigned int cpu = arch_local_cpu_id();

	for (unsigned int c = 1; c < sizeclass_count; c++) {
		struct cpu_class *cc = cpu_class_of(cpu, c);
		struct central *ct = central_of(c);

		if (!cc->s)
			continue;
		spin_lock(&ct->lock);
		cpu_class_release_locked(ct, cc);
		spin_unlock(&ct->lock);
	}
	local_irq_restore(flags);
}
