// SPDX-License-Identifier: MIT
/*
 * The allocator in a multitasking image (CONFIG_KTEST_RTOS): RT_TASKS
 * tasks of kernel/sched.c, preempted at the end of every time slice,
 * allocate, free and realloc objects of 8 B to 4 KiB through the FreeRTOS
 * heap API (pvPortMalloc, pvPortCalloc, vPortFree) and the C library's
 * malloc, calloc, realloc and free, both glue/ on top of kmalloc. The
 * tick interrupt that ends each slice allocates and frees too. Each task
 * hands some of its objects to the next through a small lock-protected
 * queue, and checks the pattern of every object it receives or touches.
 *
 * Each allocator call notes whether its task was switched out during the
 * call, and whether another task's allocator call began meanwhile: the
 * test expects both to have happened, which is what preemption inside the
 * allocator means, and it counts the ticks that came while a task was in
 * the allocator. Afterwards: no pattern damaged and no allocation failed,
 * mm_validate() clean, the FreeRTOS counters and the class counts agree
 * with the calls made, and after mm_drain() the heap's pages are back.
 * The tasks hold at most a quarter of the free heap at a time, and
 * CONFIG_KTEST_RTOS_SLOTS and CONFIG_KTEST_RTOS_MAX_SIZE scale the working
 * set down on a small board (boards/lm3s6965evb-rtos/board.mk).
 * With CONFIG_MM_PORT_CRITICAL the allocator's critical section is the
 * scheduler's (kernel/sched.c), and every call must have entered it.
 */
#include <baremm/ktest.h> /* baremm's first: see glue/libc.mk */
#include <baremm/sched.h>
#include <baremm/spinlock.h>
#include <baremm/string.h>
#include <mm/freertos_heap.h>
#include <mm/mm.h>

#include "../mm/mmtest.h"

#include <stdlib.h>

#define RT_TASKS	4
#define RT_OPS_PER_TASK 250000 /* allocator calls: 10^6 in all */
#define RT_SLOTS	CONFIG_KTEST_RTOS_SLOTS /* objects a task holds */
#define RT_QLEN		(RT_SLOTS / 4) /* objects in flight to a task */
#define RT_STACK	2048 /* interrupts run on MSP, not here */
#define RT_SLICE_US	250
#define RT_IRQ_RING	RT_QLEN /* objects the tick handler holds */
#define RT_MIN_SIZE	8
#define RT_MAX_SIZE	CONFIG_KTEST_RTOS_MAX_SIZE
#define RT_STRIDE	64 /* bytes between pattern words */

enum rt_api {
	RT_FREERTOS, /* pvPortMalloc/pvPortCalloc, vPortFree */
	RT_LIBC,     /* malloc/calloc/realloc, free */
};

/* An object and what its pattern is; p == NULL: none. */
struct rt_obj {
	u8 *p;
	size_t size;
	u32 seed;
	enum rt_api api;
};

/* The objects sent to one task; count <= RT_QLEN, under lock. */
struct rt_queue {
	spinlock_t lock;
	unsigned int head, count;
	struct rt_obj item[RT_QLEN];
};

struct rt_task {
	struct sched_task task;
	unsigned int id;
	struct mt_rng rng;
	struct rt_obj slot[RT_SLOTS];
	struct rt_queue inbox;
	volatile bool in_alloc; /* inside an allocator call */
	unsigned long switches_at_call, calls_at_call;
	/* results, read once the task is done */
	unsigned long ops, rtos_allocs, rtos_frees, sent, received;
	unsigned long preempted, overlapped, nulls, bad;
};

static struct {
	struct rt_task task[RT_TASKS];
	unsigned long calls; /* allocator calls begun (atomic) */
	/* Bytes the tasks hold (atomic), and at most how many: a quarter
	 * of the free heap less the stacks. A heap of 64 KiB needs that
	 * much room (round-up, a span per class, runs of pages for the
	 * large objects); on a big heap the slots hold less anyway. */
	size_t live_bytes, budget;
	/* the tick handler's, read once the scheduler has stopped */
	struct rt_obj irq_ring[RT_IRQ_RING];
	unsigned int irq_next;
	struct mt_rng irq_rng;
	unsigned long ticks, ticks_in_alloc, irq_allocs, irq_frees;
	unsigned long irq_nulls, irq_bad;
} rt;

/*
 * The pattern: a word at every RT_STRIDE bytes from the start, then the
 * last four bytes, from the object's seed. With @tail false only the
 * words are checked: the prefix a shrinking realloc keeps.
 */
static u32 rt_word(u32 seed, size_t off)
{
	return seed ^ ((u32)off * 0x9e3779b1u);
}

static u8 rt_tail_byte(u32 seed, size_t i)
{
	return (u8)((seed >> (i % 4 * 8)) ^ i);
}

static void rt_fill(const struct rt_obj *o)
{
	for (size_t off = 0; off + 8 <= o->size; off += RT_STRIDE)
		*(u32 *)(o->p + off) = rt_word(o->seed, off);
	for (size_t i = o->size - 4; i < o->size; i++)
		o->p[i] = rt_tail_byte(o->seed, i);
}

static bool rt_check(const struct rt_obj *o, size_t size, bool tail)
{
	for (size_t off = 0; off + 8 <= size; off += RT_STRIDE)
		if (*(const u32 *)(o->p + off) != rt_word(o->seed, off))
			return false;
	for (size_t i = size - 4; tail && i < size; i++)
		if (o->p[i] != rt_tail_byte(o->seed, i))
			return false;
	return true;
}

/* The pattern words of a calloc'd object are 0. */
static bool rt_zeroed(const struct rt_obj *o)
{
	for (size_t off = 0; off + 4 <= o->size; off += RT_STRIDE)
		if (*(const u32 *)(o->p + off))
			return false;
	return true;
}

/* 8 .. 4096, log-uniform: as many 8-16 B objects as 2-4 KiB ones. */
static u32 rt_size(struct mt_rng *r)
{
	u32 lim = RT_MIN_SIZE
		  << mt_below(r, ilog2(RT_MAX_SIZE / RT_MIN_SIZE) + 1);

	return RT_MIN_SIZE + mt_below(r, lim - RT_MIN_SIZE + 1);
}

/*
 * Around each allocator call of a task: the ticks that find in_alloc set
 * came inside the call; a change of task.switches means the task was
 * switched out during it, and a change of rt.calls that another task
 * entered the allocator meanwhile.
 */
static void rt_enter(struct rt_task *me)
{
	me->switches_at_call = READ_ONCE(me->task.switches);
	me->calls_at_call = __atomic_add_fetch(&rt.calls, 1, __ATOMIC_RELAXED);
	me->in_alloc = true;
	barrier();
}

static void rt_leave(struct rt_task *me)
{
	barrier();
	me->in_alloc = false;
	me->ops++;
	if (READ_ONCE(me->task.switches) == me->switches_at_call)
		return;
	me->preempted++;
	if (__atomic_load_n(&rt.calls, __ATOMIC_RELAXED) != me->calls_at_call)
		me->overlapped++;
}

/* Count @grow more bytes held by the tasks, unless over the budget. */
static bool rt_hold(size_t grow)
{
	size_t old = __atomic_load_n(&rt.live_bytes, __ATOMIC_RELAXED);

	do {
		if (old + grow > rt.budget)
			return false;
	} while (!__atomic_compare_exchange_n(&rt.live_bytes, &old, old + grow,
					      true, __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return true;
}

static void rt_release(size_t bytes)
{
	__atomic_sub_fetch(&rt.live_bytes, bytes, __ATOMIC_RELAXED);
}

/* A new object in @o through one of the four allocating calls. */
static void rt_alloc(struct rt_task *me, struct rt_obj *o)
{
	u32 size = rt_size(&me->rng), how = mt_below(&me->rng, 4);
	bool zero = how & 1;

	if (!rt_hold(size))
		return; /* over the budget: a free comes first */
	rt_enter(me);
	switch (how) {
	case 0:
		o->p = pvPortMalloc(size);
		break;
	case 1:
		o->p = pvPortCalloc(1, size);
		break;
	case 2:
		o->p = malloc(size);
		break;
	default:
		o->p = calloc(size, 1);
		break;
	}
	rt_leave(me);
	if (!o->p) {
		rt_release(size);
		me->nulls++;
		return;
	}
	o->api = how < 2 ? RT_FREERTOS : RT_LIBC;
	if (o->api == RT_FREERTOS)
		me->rtos_allocs++;
	o->size = size;
	o->seed = mt_next(&me->rng) | 1;
	if (zero && !rt_zeroed(o))
		me->bad++;
	rt_fill(o);
}

static void rt_free(struct rt_task *me, struct rt_obj *o)
{
	rt_enter(me);
	if (o->api == RT_FREERTOS)
		vPortFree(o->p);
	else
		free(o->p);
	rt_leave(me);
	if (o->api == RT_FREERTOS)
		me->rtos_frees++;
	rt_release(o->size);
	o->p = NULL;
}

/* realloc() to a new size; the kept prefix must keep its pattern. */
static void rt_realloc(struct rt_task *me, struct rt_obj *o)
{
	u32 size = rt_size(&me->rng);
	u8 *p;

	if (size > o->size && !rt_hold(size - o->size))
		return;
	rt_enter(me);
	p = realloc(o->p, size);
	rt_leave(me);
	if (!p) {
		if (size > o->size)
			rt_release(size - o->size);
		me->nulls++;
		return;
	}
	if (size < o->size)
		rt_release(o->size - size);
	o->p = p;
	if (!rt_check(o, min(o->size, size), size >= o->size))
		me->bad++;
	o->size = size;
	rt_fill(o);
}

static bool rt_queue_put(struct rt_queue *q, const struct rt_obj *o)
{
	unsigned long flags = spin_lock_irqsave(&q->lock);
	bool ok = q->count < RT_QLEN;

	if (ok)
		q->item[(q->head + q->count++) % RT_QLEN] = *o;
	spin_unlock_irqrestore(&q->lock, flags);
	return ok;
}

static bool rt_queue_get(struct rt_queue *q, struct rt_obj *o)
{
	unsigned long flags = spin_lock_irqsave(&q->lock);
	bool ok = q->count > 0;

	if (ok) {
		*o = q->item[q->head];
		q->head = (q->head + 1) % RT_QLEN;
		q->count--;
	}
	spin_unlock_irqrestore(&q->lock, flags);
	return ok;
}

/* Hand @o to the next task; when its queue is full, let it run once. */
static void rt_send(struct rt_task *me, struct rt_obj *o)
{
	struct rt_queue *q = &rt.task[(me->id + 1) % RT_TASKS].inbox;

	if (!rt_queue_put(q, o)) {
		sched_yield();
		if (!rt_queue_put(q, o))
			return; /* still full: keep it */
	}
	me->sent++;
	o->p = NULL;
}

/* Take one object sent to @me, if any, into a random slot. */
static void rt_receive(struct rt_task *me)
{
	struct rt_obj in, *o;

	if (!rt_queue_get(&me->inbox, &in))
		return;
	me->received++;
	if (!rt_check(&in, in.size, true))
		me->bad++;
	o = &me->slot[mt_below(&me->rng, RT_SLOTS)];
	if (o->p)
		rt_free(me, o);
	*o = in;
}

static void rt_task_fn(void *arg)
{
	struct rt_task *me = arg;

	while (me->ops < RT_OPS_PER_TASK) {
		struct rt_obj *o = &me->slot[mt_below(&me->rng, RT_SLOTS)];
		u32 what;

		rt_receive(me);
		if (!o->p) {
			rt_alloc(me, o);
			continue;
		}
		if (!rt_check(o, o->size, true))
			me->bad++;
		what = mt_below(&me->rng, 8);
		if (what < 4)
			rt_free(me, o);
		else if (what < 7 && o->api == RT_LIBC)
			rt_realloc(me, o);
		else if (what == 7)
			rt_send(me, o);
	}
	for (unsigned int i = 0; i < RT_SLOTS; i++) {
		if (!me->slot[i].p)
			continue;
		if (!rt_check(&me->slot[i], me->slot[i].size, true))
			me->bad++;
		rt_free(me, &me->slot[i]);
	}
}

/* The tick, in the SysTick exception: free the oldest, allocate anew. */
static void rt_tick(void)
{
	struct sched_task *cur = sched_current();
	struct rt_obj *o = &rt.irq_ring[rt.irq_next];

	rt.ticks++;
	if (cur && container_of(cur, struct rt_task, task)->in_alloc)
		rt.ticks_in_alloc++;
	rt.irq_next = (rt.irq_next + 1) % RT_IRQ_RING;
	if (o->p) {
		if (!rt_check(o, o->size, true))
			rt.irq_bad++;
		vPortFree(o->p);
		rt.irq_frees++;
	}
	o->size = rt_size(&rt.irq_rng);
	o->p = pvPortMalloc(o->size);
	if (!o->p) {
		rt.irq_nulls++;
		return;
	}
	rt.irq_allocs++;
	o->seed = mt_next(&rt.irq_rng) | 1;
	rt_fill(o);
}

/* Free what the tasks left in flight and the tick handler held. */
static unsigned long rt_free_leftovers(struct ktest *t)
{
	unsigned long frees = 0;
	struct rt_obj o;

	for (unsigned int i = 0; i < RT_TASKS; i++) {
		while (rt_queue_get(&rt.task[i].inbox, &o)) {
			if (!rt_check(&o, o.size, true))
				KTEST_FAIL(t,
					   "object %p (%zu B) damaged in "
					   "task %u's queue",
					   o.p, o.size, i);
			if (o.api == RT_FREERTOS) {
				vPortFree(o.p);
				frees++;
			} else {
				free(o.p);
			}
		}
	}
	for (unsigned int i = 0; i < RT_IRQ_RING; i++) {
		struct rt_obj *r = &rt.irq_ring[i];

		if (!r->p)
			continue;
		if (!rt_check(r, r->size, true))
			KTEST_FAIL(t, "handler's object %p (%zu B) damaged",
				   r->p, r->size);
		vPortFree(r->p);
		frees++;
	}
	return frees;
}

static void rt_tasks_share_the_heap(struct ktest *t)
{
	static struct mm_stats before, after; /* too big for small stacks */
	unsigned long ops, rtos_allocs, rtos_frees, preempted = 0;
	unsigned long overlapped = 0, sent = 0, received = 0, live_before;
	unsigned long critical;
	void *stack[RT_TASKS] = {NULL};
	HeapStats_t hs_before, hs_after;
	struct mt_snap snap;
	int err = 0;

	memset(&rt, 0, sizeof(rt));
	rt.irq_rng.s = 0x1cedu;
	mm_drain();
	mt_snapshot(&snap);
	mm_get_stats(&before);
	live_before = mt_live_objects();
	rt.budget = (before.free_bytes - RT_TASKS * RT_STACK) / 4;
	vPortGetHeapStats(&hs_before);
	KTEST_EXPECT_EQ(t, before.total_bytes,
			before.free_bytes + before.used_bytes +
				before.meta_bytes);

	for (unsigned int i = 0; i < RT_TASKS && !err; i++) {
		struct rt_task *me = &rt.task[i];

		me->id = i;
		me->rng.s = 0x5eed0000u + i;
		stack[i] = kmalloc(RT_STACK, GFP_KERNEL);
		if (!KTEST_EXPECT_NOT_NULL(t, stack[i]))
			break;
		err = sched_task_init(&me->task, "rt", rt_task_fn, me, stack[i],
				      RT_STACK);
		KTEST_EXPECT_EQ(t, err, 0);
	}
	/* Runs the tasks made so far even when one could not be. */
	critical = sched_critical_entries();
	KTEST_EXPECT_EQ(t, sched_run(RT_SLICE_US, rt_tick), 0);
	critical = sched_critical_entries() - critical;
	for (unsigned int i = 0; i < RT_TASKS; i++)
		kfree(stack[i]);
	rtos_frees = rt_free_leftovers(t);

	ops = rt.irq_allocs + rt.irq_frees;
	rtos_allocs = rt.irq_allocs;
	rtos_frees += rt.irq_frees;
	for (unsigned int i = 0; i < RT_TASKS; i++) {
		struct rt_task *me = &rt.task[i];

		ktest_log(t,
			  "task %u: %lu calls, %lu preempted (%lu while "
			  "another task called), sent %lu, received %lu, "
			  "switched in %lu times",
			  i, me->ops, me->preempted, me->overlapped, me->sent,
			  me->received, me->task.switches);
		KTEST_EXPECT_EQ(t, me->bad, 0);
		KTEST_EXPECT_EQ(t, me->nulls, 0);
		ops += me->ops;
		rtos_allocs += me->rtos_allocs;
		rtos_frees += me->rtos_frees;
		preempted += me->preempted;
		overlapped += me->overlapped;
		sent += me->sent;
		received += me->received;
	}
	ktest_log(t, "the tasks held at most %zu B at a time", rt.budget);
	ktest_log(t,
		  "%lu allocator calls; %lu ticks, %lu inside a task's "
		  "allocator call; the handler allocated %lu, freed %lu",
		  ops, rt.ticks, rt.ticks_in_alloc, rt.irq_allocs,
		  rt.irq_frees);
	KTEST_EXPECT_GE(t, ops, RT_TASKS * RT_OPS_PER_TASK);
	KTEST_EXPECT_GT(t, preempted, 0);
	KTEST_EXPECT_GT(t, overlapped, 0);
	KTEST_EXPECT_GT(t, rt.ticks_in_alloc, 0);
	KTEST_EXPECT_GT(t, rt.irq_frees, 0);
	KTEST_EXPECT_GT(t, received, 0);
	KTEST_EXPECT_LE(t, received, sent);
	KTEST_EXPECT_EQ(t, rt.irq_bad, 0);
	KTEST_EXPECT_EQ(t, rt.irq_nulls, 0);
	/* The port hook: every allocator call entered the scheduler's
	 * critical section at least once. */
	ktest_log(t, "%lu entries into the scheduler's critical section",
		  critical);
	if (IS_ENABLED(CONFIG_MM_PORT_CRITICAL))
		KTEST_EXPECT_GE(t, critical, ops);

	/* Everything is freed: the heap is whole, every count back. */
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	vPortGetHeapStats(&hs_after);
	KTEST_EXPECT_EQ(t,
			hs_after.xNumberOfSuccessfulAllocations -
				hs_before.xNumberOfSuccessfulAllocations,
			rtos_allocs);
	KTEST_EXPECT_EQ(t,
			hs_after.xNumberOfSuccessfulFrees -
				hs_before.xNumberOfSuccessfulFrees,
			rtos_frees);
	KTEST_EXPECT_EQ(t, rtos_allocs, rtos_frees);
	mm_drain();
	mm_get_stats(&after);
	KTEST_EXPECT_EQ(t, after.total_bytes,
			after.free_bytes + after.used_bytes + after.meta_bytes);
	KTEST_EXPECT_EQ(t, mt_live_objects(), live_before);
	KTEST_EXPECT_EQ(t, after.bad_frees, before.bad_frees);
	KTEST_EXPECT_EQ(t, after.corruptions, before.corruptions);
	ktest_log(t, "free bytes %zu before, %zu after; metadata grew %zu",
		  before.free_bytes, after.free_bytes,
		  MT_EXPECT_PAGES_BACK(t, &snap));
}

static const struct ktest_case rt_cases[] = {
	KTEST_CASE(rt_tasks_share_the_heap),
};
KTEST_SUITE(rtos_sched, rt_cases);
