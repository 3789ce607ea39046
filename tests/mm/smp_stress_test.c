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
	unsigned long validates, bad_validates, caches;
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

/*
 * Churn: the traffic the single-CPU fuzzer cannot make. Each CPU takes
 * objects of the largest small classes (a few per span, so one free can
 * empty a span) and large ones, and hands every one to the next CPU, which
 * frees it. Every third step it gives back its cached spans and everything
 * kept (mm_drain(), or page_reclaim() alone), so span structs are recycled
 * while other CPUs free into their spans; now and then it makes a
 * kmem_cache, uses and destroys it, or checks the whole heap with
 * mm_validate() while the others go on.
 *
 * Steps per CPU, and a validate every SC_VALIDATE steps of each CPU: on
 * the host boards CPUs are threads, and ThreadSanitizer sees a race
 * whether or not the two accesses overlap in time: 800 steps showed both
 * races this case was written for (issue 15, D5 and D6) on every run.
 * Emulated CPUs pay for every contended lock (the next ticket's vCPU may
 * not be running; a drain takes each class lock twice), and validate walks
 * every arena the earlier suites grew: a few steps there, a few seconds
 * on a loaded machine.
 */
#define SC_OPS		(IS_ENABLED(CONFIG_ARCH_HOST) ? 800u : 24u)
#define SC_VALIDATE	(IS_ENABLED(CONFIG_ARCH_HOST) ? 32u : 12u)
#define SC_CACHE_OBJS	8

static u32 sc_pick_size(struct mt_rng *r, size_t large_max)
{
	u32 top = (u32)sizeclass_size(sizeclass_count - 1);
	u32 k = mt_below(r, 100);

	if (k < 60)		/* spans of a few objects */
		return top / 3 + mt_below(r, top - top / 3) + 1;
	if (k < 85)
		return 1 + mt_below(r, top);
	return top + 1 + mt_below(r, (u32)large_max - top);
}

/* A cache of a random geometry: made, used and destroyed on this CPU. */
static void sc_cache_cycle(struct ss_cpu *me, struct mt_rng *r,
			   size_t large_max)
{
	u32 n = 1 + sc_pick_size(r, large_max) / (1 + mt_below(r, 64));
	struct kmem_cache *c = kmem_cache_create("smp_churn", n, 0, 0, NULL);
	void *obj[SC_CACHE_OBJS];
	unsigned int k = 1 + mt_below(r, SC_CACHE_OBJS);

	if (!c) {
		me->nulls++;
		return;
	}
	for (unsigned int i = 0; i < k; i++) {
		obj[i] = kmem_cache_alloc(c, GFP_KERNEL);
		if (!obj[i]) {
			me->nulls++;
			k = i;
			break;
		}
		mt_fill(obj[i], n, me->seq);
	}
	for (unsigned int i = 0; i < k; i++) {
		if (!mt_check(obj[i], n, me->seq))
			me->bad++;
		kmem_cache_free(c, obj[i]);
	}
	kmem_cache_destroy(c);
	me->caches++;
}

static void sc_run(void *arg)
{
	struct ss_state *st = arg;
	unsigned int cpu = arch_cpu_id();
	struct ss_cpu *me = &st->cpu[cpu];
	struct ss_ring *out = &st->ring[(cpu + 1) % st->ncpus][cpu];
	struct mt_rng r = { 0xc4a0e000u + cpu };

	__atomic_fetch_add(&st->arrived, 1, __ATOMIC_ACQ_REL);
	while (__atomic_load_n(&st->arrived, __ATOMIC_ACQUIRE) < st->ncpus)
		arch_cpu_relax();
	for (unsigned int op = 0; op < SC_OPS; op++) {
		struct ss_obj o = { .tag = ++me->seq & 0xffffff };

		while (ss_receive(st, me, cpu))
			;
		o.n = sc_pick_size(&r, st->large_max);
		o.p = kmalloc(o.n, GFP_KERNEL);
		if (o.p) {
			me->allocs++;
			mt_fill(o.p, o.n, o.tag);
			if (ring_push(out, &o))
				me->handed++;
			else
				ss_free(st, me, &o);
		} else {
			me->nulls++;
		}
		if (op % 3 == 2) {
			if (mt_below(&r, 4))
				mm_drain();
			else
				page_reclaim();
			me->drains++;
		}
		if (mt_below(&r, 64) == 0)
			sc_cache_cycle(me, &r, st->large_max);
		if (op % SC_VALIDATE == cpu % SC_VALIDATE) {
			me->validates++;
			me->bad_validates += mm_validate() != 0;
		}
	}
}

/* Run @fn on every CPU over a fresh state and check what it left. */
static void ss_check_run(struct ktest *t, void (*fn)(void *arg))
{
	struct ss_state *st = kzalloc(sizeof(*st), GFP_KERNEL);
	unsigned long allocs = 0, frees = 0, handed = 0, received = 0;
	unsigned long reallocs = 0, drains = 0, nulls = 0, bad = 0;
	unsigned long validates = 0, bad_validates = 0, caches = 0;
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

	smp_call_on_each_cpu(fn, st);
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
		validates += me->validates;
		bad_validates += me->bad_validates;
		caches += me->caches;
	}
	KTEST_EXPECT_EQ(t, bad, 0);
	/* Every validate made while the others worked found the heap sound. */
	KTEST_EXPECT_EQ(t, bad_validates, 0);
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
		  "%lu reallocs, %lu drains, %lu caches, %lu validates; "
		  "metadata +%zu B", st->ncpus, allocs, handed, reallocs,
		  drains, caches, validates,
		  after.meta_bytes - before.meta_bytes);
	kmem_cache_destroy(st->cache);
	kfree(st);
}

static void smp_stress_handoff(struct ktest *t)
{
	ss_check_run(t, ss_run);
}

static void smp_stress_churn(struct ktest *t)
{
	ss_check_run(t, sc_run);
}

/* Objects of the largest class held to fill one span (it has fewer). */
#define HD_HELD	64

/*
 * A free on another CPU has cleared its object's bit but not yet its
 * count when the owner reserves that slot again: the span counts one
 * object more than it has room for (issue 15, D6: "nelems 3/3 nalloc 4").
 * mm_validate() must allow for it. Made by hand on this CPU: the bit
 * cleared as the free would, the owner's refill, then the count.
 */
static void smp_validate_half_done_free(struct ktest *t)
{
	unsigned int c = sizeclass_count - 1, n = 0;
	size_t size = sizeclass_size(c);
	void **obj = kmalloc(HD_HELD * sizeof(*obj), GFP_KERNEL);
	const struct cpu_class *cc;
	unsigned long flags;
	struct span *s;
	unsigned int idx;
	void *p;

	KTEST_ASSERT_NOT_NULL(t, obj);
	if (CONFIG_NR_CPUS == 1) {
		kfree(obj);
		ktest_skip(t, "one CPU: no free is half done while it looks");
		return;
	}
	flags = local_irq_save();	/* this CPU's cache holds still */
	cc = cpu_class_of(arch_cpu_id(), c);
	do {	/* until this CPU's span of class c is full */
		obj[n] = kmalloc(size, GFP_KERNEL);
		if (!obj[n])
			break;
		n++;
	} while (n < HD_HELD && (cc->avail || span_count_allocated(cc->s) <
						      cc->s->nelems));
	s = cc->s;
	p = obj[n - 1];
	KTEST_EXPECT_TRUE(t, s && !cc->avail &&
				     span_count_allocated(s) == s->nelems);
	idx = span_obj_index(s, (uintptr_t)p);
	span_bits_clear(&s->alloc_bits[idx / BITS_PER_LONG],
		      1UL << (idx % BITS_PER_LONG));
	/* The owner finds the slot free and hands it out again. */
	KTEST_EXPECT_TRUE(t, kmalloc(size, GFP_KERNEL) == p);
	KTEST_EXPECT_EQ(t, s->nalloc, s->nelems + 1u);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	span_nalloc_add(s, -1);		/* the free ends */
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	local_irq_restore(flags);
	while (n)
		kfree(obj[--n]);
	kfree(obj);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

static const struct ktest_case smp_stress_cases[] = {
	KTEST_CASE(smp_stress_handoff),
	KTEST_CASE(smp_stress_churn),
	KTEST_CASE(smp_validate_half_done_free),
};
KTEST_SUITE(mm_smp_stress, smp_stress_cases);
