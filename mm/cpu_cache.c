// SPDX-License-Identifier: MIT
/*
 * Per-CPU caches: for each size class, the one span a CPU allocates from.
 * The fast path masks interrupts (so an IRQ handler on this CPU cannot
 * swap the span underneath), claims a bit in the span's bitmap and is
 * done: no lock. When the span is full the slow path swaps it for another
 * under the class's central lock. A free into a span this CPU owns is
 * lock-free too; any other free goes through the central lock.
 */
#include "internal.h"

struct cpu_cache {
	struct span *cur[MM_STATS_CLASSES];	/* owned: span->owner == cpu + 1 */
};

static struct cpu_cache *cpu_caches;	/* CONFIG_NR_CPUS, from metadata */

int cpu_cache_init(void)
{
	cpu_caches = persist_alloc_locked(CONFIG_NR_CPUS * sizeof(*cpu_caches));
	return cpu_caches ? 0 : -ENOMEM;
}

struct span *cpu_cache_span(unsigned int cpu, unsigned int c)
{
	return cpu_caches[cpu].cur[c];
}

/* Slow path: swap the current span for one with free objects. IRQs off. */
static void *cpu_cache_refill(struct cpu_cache *cc, unsigned int c,
			      unsigned int cpu, struct span **sp)
{
	struct central *ct = central_of(c);
	struct span *s;
	int idx;

	spin_lock(&ct->lock);
	if (cc->cur[c])
		central_release_locked(ct, cc->cur[c]);
	s = cc->cur[c] = central_take_locked(ct, c, cpu);
	spin_unlock(&ct->lock);
	if (!s)
		return NULL;
	idx = span_alloc_obj(s);
	BUG_ON(idx < 0);	/* a partial or fresh span has a free object */
	*sp = s;
	return span_obj_addr(s, (unsigned int)idx);
}

void *cpu_cache_alloc(unsigned int c, struct span **sp)
{
	unsigned long flags = arch_irq_save();
	unsigned int cpu = arch_cpu_id();
	struct cpu_cache *cc = &cpu_caches[cpu];
	struct span *s = cc->cur[c];
	void *p;
	int idx;

	if (likely(s) && (idx = span_alloc_obj(s)) >= 0) {
		*sp = s;				/* fast path */
		p = span_obj_addr(s, (unsigned int)idx);
	} else {
		p = cpu_cache_refill(cc, c, cpu, sp);
	}
	arch_irq_restore(flags);
	return p;
}

int cpu_cache_free(struct span *s, unsigned int idx, const void *p)
{
	unsigned long flags = arch_irq_save();
	unsigned int cpu = arch_cpu_id(), c = s->sizeclass;
	struct central *ct;
	int ret;

	/* Only this CPU makes or ends its own ownership (IRQs are off). */
	if (__atomic_load_n(&s->owner, __ATOMIC_RELAXED) == cpu + 1) {
		/* Ours: only this CPU can take the span away, and it is busy. */
		ret = span_free_obj(s, idx);
		arch_irq_restore(flags);
		return ret < 0 ? ret : 0;
	}
	ct = central_of(c);
	spin_lock(&ct->lock);
	/* The span may have been freed and reused since the caller looked
	 * it up: under this class's lock it can no longer change. */
	{
		u8 st;
		struct span *now;

		if (!pfn_lookup(addr_to_pfn((uintptr_t)p), &st, &now) ||
		    st != PG_SPAN || now != s || s->state != SPAN_SMALL ||
		    s->sizeclass != c)
			ret = -EINVAL;
		else
			ret = central_free_obj_locked(ct, s, idx);
	}
	spin_unlock(&ct->lock);
	arch_irq_restore(flags);
	return ret;
}

void cpu_cache_drain(void)
{
	unsigned long flags = arch_irq_save();
	struct cpu_cache *cc = &cpu_caches[arch_cpu_id()];

	for (unsigned int c = 1; c < sizeclass_count; c++) {
		struct central *ct = central_of(c);

		if (!cc->cur[c])
			continue;
		spin_lock(&ct->lock);
		central_release_locked(ct, cc->cur[c]);
		cc->cur[c] = NULL;
		spin_unlock(&ct->lock);
	}
	arch_irq_restore(flags);
}
