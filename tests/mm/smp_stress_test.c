// SPDX-License-Identifier: MIT
/*
 * SMP stress: every CPU allocates, hands objects to the other CPUs through
 * lock-free rings, and frees the objects the others handed to it, for a
 * bounded number of operations. Objects are kmalloc'd (every size, a few
 * large), taken from a shared kmem_cache, moved by krealloc, and CPUs
 * drain their caches in the middle of it all, so spans change owners
 * while other CPUs free into them. Every object carries a token that its
 * last holder checks before freeing it. Afterwards mm_validate is clean,
 * no free was reported as bad, and the heap's page totals are back at the
 * baseline: used bytes exactly, free bytes exactly less the metadata the
 * run created (which is never given back).
 *
 * On a single-CPU board the one CPU hands objects to itself.
 */
#include <baremm/smp.h>
#include "mmtest.h"

#define SS_MAX_CPUS	8
#define SS_RING		32	/* slots per ring, a power of two */
#define SS_LOCAL	48	/* objects a CPU holds at most */
#define SS_OPS		MT_STRESS_OPS(4000)	/* operations per CPU */
#define SS_CACHE_SIZE	72	/* kmem_cache object bytes */

/* An object in flight: its address, the bytes asked for, its token tag. */
struct ss_obj {
	void *p;
	u32 n;
	u32 tag;	/* SS_TAG_CACHE: from the cache; low bits: a sequence */
};

#define SS_TAG_CACHE	0x80000000u

/*
 * Single-producer single-consumer ring from one CPU to another. The
 * producer writes a slot, then publishes it with a release store of
 * @head; the consumer reads it after an acquire load of @head and hands
 * the slot back with a release store of @tail.
 */
struct ss_ring {
	unsigned int head;
	unsigned int tail;
	struct ss_obj slot[SS_RING];
};

struct ss_cpu {
	struct ss_obj local[SS_LOCAL];
	unsigned int nlocal;
	unsigned int next_from;		/* round robin over incoming rings */
	u32 seq;
	unsigned long allocs, frees, handed, received, reallocs, drains;
	unsigned long nulls;		/* allocations that returned NULL */
	unsigned long bad;		/* tokens found overwritten */
};

struct ss_state {
	unsigned int ncpus;
	unsigned int arrived;	/* CPUs at the start line (atomic) */
	struct kmem_cache *cache;
	size_t large_max;
	struct ss_ring ring[SS_MAX_CPUS][SS_MAX_CPUS];	/* [to][from] */
	struct ss_cpu cpu[SS_MAX_CPUS];
};

static bool ring_push(struct ss_ring *r, const struct ss_obj *o)
{
	unsigned int head = __atomic_load_n(&r->head, __ATOMIC_RELAXED);
	unsigned int tail = __atomic_load_n(&r->tail, __ATOMIC_ACQUIRE);

	if (head - tail == SS_RING)
		return false;
	r->slot[head % SS_RING] = *o;
	__atomic_store_n(&r->head, head + 1, __ATOMIC_RELEASE);
	return true;
}

static bool ring_pop(struct ss_ring *r, struct ss_obj *o)
{
	unsigned int tail = __atomic_load_n(&r->tail, __ATOMIC_RELAXED);
	unsigned int head = __atomic_load_n(&r->head, __ATOMIC_ACQUIRE);

	if (head == tail)
		return false;
	*o = r->slot[tail % SS_RING];
	__atomic_store_n(&r->tail, tail + 1, __ATOMIC_RELEASE);
	return true;
}

/* Mostly small, some medium, a few whole-page objects. */
static u32 ss_pick_size(struct mt_rng *r, size_t large_max)
{
	u32 k = mt_below(r, 100);

	if (k < 60)
		return 1 + mt_below(r, 256);
	if (k < 90)
		return 1 + mt_below(r, 4096);
	if (k < 99)
		return 1 + mt_below(r, 32768);
	return 1 + mt_below(r, (u32)large_max);
}

static void ss_alloc(struct ss_state *st, struct ss_cpu *me, struct mt_rng *r)
{
	struct ss_obj o;

	if (me->nlocal == SS_LOCAL)
		return;
	o.tag = ++me->seq & 0xffffff;
	if (mt_below(r, 100) < 15) {
		o.n = SS_CACHE_SIZE;
		o.tag |= SS_TAG_CACHE;
		o.p = kmem_cache_alloc(st->cache, GFP_KERNEL);
	} else {
		o.n = ss_pick_size(r, st->large_max);
		o.p = kmalloc(o.n, GFP_KERNEL);
	}
	if (!o.p) {
		me->nulls++;
		return;
	}
	me->allocs++;
	mt_fill(o.p, o.n, o.tag);
	me->local[me->nlocal++] = o;
}

static void ss_free(struct ss_state *st, struct ss_cpu *me,
		    const struct ss_obj *o)
{
	if (!mt_check(o->p, o->n, o->tag))
		me->bad++;
	if (o->tag & SS_TAG_CACHE)
		kmem_cache_free(st->cache, o->p);
	else
		kfree(o->p);
	me->frees++;
}

/* Take local object @i out of the CPU's set. */
static struct ss_obj ss_take(struct ss_cpu *me, unsigned int i)
{
	struct ss_obj o = me->local[i];

	me->local[i] = me->local[--me->nlocal];
	return o;
}

static void ss_realloc(struct ss_state *st, struct ss_cpu *me,
		       struct mt_rng *r)
{
	unsigned int i = mt_below(r, me->nlocal);
	struct ss_obj *o = &me->local[i];
	u32 n = ss_pick_size(r, st->large_max);
	void *q;

	if (o->tag & SS_TAG_CACHE)
		return;
	if (!mt_check(o->p, o->n, o->tag))
		me->bad++;
	q = krealloc(o->p, n, GFP_KERNEL);
	if (!q) {
		me->nulls++;
		return;
	}
	/* The first bytes moved with the object; a new token covers it. */
	o->p = q;
	o->n = n;
	mt_fill(q, n, o->tag);
	me->reallocs++;
}

/* Free one object some CPU handed to this one, if any is waiting. */
static bool ss_receive(struct ss_state *st, struct ss_cpu *me,
		       unsigned int cpu)
{
	struct ss_obj o;

	for (unsigned int k = 0; k < st->ncpus; k++) {
		unsigned int from = (me->next_from + k) % st->ncpus;

		if (ring_pop(&st->ring[cpu][from], &o)) {
			me->next_from = from + 1;
			me->received++;
			ss_free(st, me, &o);
			return true;
		}
	}
	return false;
}

static void ss_run(void *arg)
{
	struct ss_state *st = arg;
	unsigned int cpu = arch_cpu_id();
	struct ss_cpu *me = &st->cpu[cpu];
	struct mt_rng r = { 0x5eed5000u + cpu };

	/* Start together: a CPU that answers the call late would otherwise
	 * find the others done on a board where the run is short. */
	__atomic_fetch_add(&st->arrived, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&st->arrived, __ATOMIC_ACQUIRE) < st->ncpus)
		arch_cpu_relax();
	for (unsigned int op = 0; op < SS_OPS; op++) {
		u32 k = mt_below(&r, 1000);

		if (k < 350 || !me->nlocal) {
			ss_alloc(st, me, &r);
		} else if (k < 600) {
			/* Hand a local object to another CPU (to itself when
			 * it is alone); keep it when that ring is full. */
			unsigned int i = mt_below(&r, me->nlocal);
			unsigned int to = st->ncpus == 1
						  ? cpu
						  : (cpu + 1 + mt_below(&r, st->ncpus - 1)) %
							    st->ncpus;

			if (ring_push(&st->ring[to][cpu], &me->local[i])) {
				ss_take(me, i);
				me->handed++;
			}
		} else if (k < 850) {
			if (!ss_receive(st, me, cpu))
				ss_alloc(st, me, &r);
		} else if (k < 950) {
			struct ss_obj o = ss_take(me, mt_below(&r, me->nlocal));

			ss_free(st, me, &o);
		} else if (k < 998) {
			ss_realloc(st, me, &r);
		} else {
			/* Give this CPU's spans back while others free. */
			mm_drain();
			me->drains++;
		}
	}
}

/* After every CPU has stopped handing out: free what is left, drain. */
static void ss_finish(void *arg)
{
	struct ss_state *st = arg;
	unsigned int cpu = arch_cpu_id();
	struct ss_cpu *me = &st->cpu[cpu];

	while (ss_receive(st, me, cpu))
		;
	while (me->nlocal) {
		struct ss_obj o = ss_take(me, me->nlocal - 1);

		ss_free(st, me, &o);
	}
	mm_drain();
}

static void ss_drain(void *arg)
{
	(void)arg;
	mm_drain();
}

static void smp_stress_handoff(struct ktest *t)
{
	struct ss_state *st = kzalloc(sizeof(*st), GFP_KERNEL);
	unsigned long allocs = 0, frees = 0, handed = 0, received = 0;
	unsigned long reallocs = 0, drains = 0, nulls = 0, bad = 0;
	unsigned long live_before;
	struct mt_snap before, after;

	KTEST_ASSERT_NOT_NULL(t, st);
	st->ncpus = smp_num_online();
	if (st->ncpus > SS_MAX_CPUS) {
		kfree(st);
		ktest_skip(t, "more CPUs than the test has rings for");
		return;
	}
	st->large_max = min((size_t)256 << 10,
			    (mheap.total_pages << PAGE_SHIFT) / 512);
	/* At least one byte past the largest size class. */
	st->large_max = max(st->large_max,
			    sizeclass_size(sizeclass_count - 1) + 1);
	st->cache = kmem_cache_create("smp_stress", SS_CACHE_SIZE, 0, 0, NULL);
	KTEST_ASSERT_NOT_NULL(t, st->cache);

	smp_call_on_each_cpu(ss_drain, NULL);
	mt_snapshot(&before);
	live_before = mt_live_objects();

	smp_call_on_each_cpu(ss_run, st);
	smp_call_on_each_cpu(ss_finish, st);

	mt_snapshot(&after);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	for (unsigned int c = 0; c < st->ncpus; c++) {
		struct ss_cpu *me = &st->cpu[c];

		allocs += me->allocs;
		frees += me->frees;
		handed += me->handed;
		received += me->received;
		reallocs += me->reallocs;
		drains += me->drains;
		nulls += me->nulls;
		bad += me->bad;
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	KTEST_EXPECT_EQ(t, allocs, frees);
	KTEST_EXPECT_EQ(t, handed, received);
	KTEST_EXPECT_EQ(t, nulls, 0);
	/* Not one of the frees was refused. */
	KTEST_EXPECT_EQ(t, after.bad_frees, before.bad_frees);
	KTEST_EXPECT_EQ(t, mt_live_objects(), live_before);
	KTEST_EXPECT_EQ(t, after.used_bytes, before.used_bytes);
	KTEST_EXPECT_GE(t, after.meta_bytes, before.meta_bytes);
	KTEST_EXPECT_EQ(t, after.free_bytes +
				   (after.meta_bytes - before.meta_bytes),
			before.free_bytes);
	ktest_log(t, "%u CPU(s): %lu objects, %lu handed to another CPU, "
		  "%lu reallocs, %lu drains; metadata +%zu B",
		  st->ncpus, allocs, handed, reallocs, drains,
		  after.meta_bytes - before.meta_bytes);
	kmem_cache_destroy(st->cache);
	kfree(st);
}

static const struct ktest_case smp_stress_cases[] = {
	KTEST_CASE(smp_stress_handoff),
};
KTEST_SUITE(mm_smp_stress, smp_stress_cases);
