// SPDX-License-Identifier: MIT
/*
 * The allocator in interrupt context. A periodic timer interrupt
 * (include/baremm/irq.h) allocates objects of varying sizes with
 * GFP_ATOMIC, fills them with a token, and checks and frees the ones it
 * allocated some ticks before, while the code it interrupts does random
 * kmalloc/krealloc/kfree with tokens of its own. The ticks that land while
 * the interrupted code is inside the allocator are counted: the loop goes
 * on (for a bounded number of operations) until enough of them did, so
 * the test proves that interrupts hit the allocator, not that the clock
 * ran for some time. Afterwards no token is damaged, mm_validate() is
 * clean and the heap is back at its baseline.
 */
#include <baremm/arch.h>
#include <baremm/errno.h>
#include <baremm/irq.h>
#include <baremm/ktest.h>
#include <baremm/string.h>
#include <mm/mm.h>

#define TICK_US		  100	  /* the timer's period */
#define IRQ_RING	  32	  /* objects the handler keeps alive */
#define IRQ_OPS_PER_TICK  3	  /* each frees the oldest, allocates anew */
#define MAIN_SLOTS	  256
#define MAIN_MIN_OPS	  20000
#define MAIN_MAX_OPS	  1000000 /* the bound when interrupts do not come */
#define MIN_TICKS_IN_CALL 32	  /* ticks inside kmalloc/krealloc/kfree */
#define TOKEN_SPAN	  256	  /* bytes checked at each end of an object */
#define TAG_MAIN	  0x6d61696eu
#define TAG_IRQ		  0x69727121u

struct obj {
	void *p;
	size_t n;
};

/*
 * Written by the handler only; read by the test once the timer has
 * stopped, except ticks_in_call, which it polls.
 */
static struct {
	struct obj ring[IRQ_RING];
	unsigned int next;
	u32 rng;
	unsigned long allocs, frees, nulls, bad;
	volatile unsigned long ticks, ticks_in_call;
} irq;

/* Set by the test around each of its allocator calls. */
static volatile int main_in_call;

static u32 rng_next(u32 *s)
{
	u32 x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return *s = x;
}

/*
 * Fill (or check) the first and last TOKEN_SPAN bytes of [p, p + n) with
 * bytes derived from the address and a tag: whole for small objects.
 */
static bool token(void *p, size_t n, u32 tag, bool check)
{
	u32 seed = (u32)(uintptr_t)p * 0x9e3779b1u ^ tag;
	u8 *b = p;

	for (size_t i = 0; i < n; i++) {
		u8 v;

		if (i == TOKEN_SPAN && n > 2 * TOKEN_SPAN)
			i = n - TOKEN_SPAN;	/* skip to the tail */
		v = (u8)((seed >> (i % 4 * 8)) + i);
		if (!check)
			b[i] = v;
		else if (b[i] != v)
			return false;
	}
	return true;
}

/* The first TOKEN_SPAN bytes of a kzalloc() object are 0. */
static bool zeroed(const void *p, size_t n)
{
	const u8 *b = p;

	for (size_t i = 0; i < n && i < TOKEN_SPAN; i++)
		if (b[i])
			return false;
	return true;
}

/* Sizes: mostly small classes, some medium, now and then a large object. */
static size_t pick_size(u32 *rng, size_t large)
{
	u32 r = rng_next(rng), k = r % 32;

	r >>= 5;
	if (k < 24)
		return 1 + r % 512;
	if (k < 31)
		return 1 + r % 4096;
	return 4096 + r % large;
}

static void irq_tick(void)
{
	irq.ticks++;
	if (main_in_call)
		irq.ticks_in_call++;
	for (unsigned int k = 0; k < IRQ_OPS_PER_TICK; k++) {
		struct obj *o = &irq.ring[irq.next];
		bool zero = irq.next % 4 == 0;

		irq.next = (irq.next + 1) % IRQ_RING;
		if (o->p) {
			if (!token(o->p, o->n, TAG_IRQ, true))
				irq.bad++;
			kfree(o->p);
			o->p = NULL;
			irq.frees++;
		}
		o->n = pick_size(&irq.rng, 32768);
		o->p = zero ? kzalloc(o->n, GFP_ATOMIC)
			    : kmalloc(o->n, GFP_ATOMIC);
		if (!o->p) {
			irq.nulls++;
			continue;
		}
		if (zero && !zeroed(o->p, o->n))
			irq.bad++;
		token(o->p, o->n, TAG_IRQ, false);
		irq.allocs++;
	}
}

/* One random operation on a random slot; false when a token was bad. */
static bool main_op(struct obj *slots, u32 *rng, unsigned long *nulls)
{
	struct obj *s = &slots[rng_next(rng) % MAIN_SLOTS];
	u32 what = rng_next(rng) % 8;
	bool ok = true;
	size_t n;
	void *p;

	if (s->p) {
		ok = token(s->p, s->n, TAG_MAIN, true);
		if (what < 6) {
			main_in_call = 1;
			kfree(s->p);
			main_in_call = 0;
			s->p = NULL;
			return ok;
		}
		n = pick_size(rng, 16384);
		main_in_call = 1;
		p = krealloc(s->p, n, GFP_KERNEL);
		main_in_call = 0;
		if (!p) {
			(*nulls)++;
			return ok;
		}
	} else {
		n = pick_size(rng, 16384);
		main_in_call = 1;
		p = kmalloc(n, GFP_KERNEL);
		main_in_call = 0;
		if (!p) {
			(*nulls)++;
			return ok;
		}
	}
	s->p = p;
	s->n = n;
	token(p, n, TAG_MAIN, false);
	return ok;
}

static void irq_alloc_while_interrupted(struct ktest *t)
{
	static struct mm_stats before, after; /* too big for small stacks */
	unsigned long main_nulls = 0, main_bad = 0;
	u32 rng = 0x1badb002u;
	struct obj *slots;
	unsigned int ops;
	int err;

	mm_drain();
	mm_get_stats(&before);
	slots = kcalloc(MAIN_SLOTS, sizeof(*slots), GFP_KERNEL);
	KTEST_ASSERT_NOT_NULL(t, slots);
	memset(&irq, 0, sizeof(irq));
	irq.rng = 0x5eedf00du;

	err = arch_timer_start(TICK_US, irq_tick);
	if (err == -ENOSYS || err == -ENODEV) {
		kfree(slots);
		ktest_skip(t, err == -ENOSYS ?
			      "no timer interrupt on this arch" :
			      "the board describes no timer interrupt");
		return;
	}
	if (!KTEST_EXPECT_EQ(t, err, 0)) {
		kfree(slots);
		return;
	}
	for (ops = 0; ops < MAIN_MAX_OPS; ops++) {
		if (ops >= MAIN_MIN_OPS &&
		    irq.ticks_in_call >= MIN_TICKS_IN_CALL)
			break;
		if (!main_op(slots, &rng, &main_nulls))
			main_bad++;
		if (ops == MAIN_MIN_OPS / 2) /* masks interrupts itself */
			KTEST_EXPECT_EQ(t, mm_validate(), 0);
	}
	arch_timer_stop();

	ktest_log(t, "%lu ticks, %lu of them inside kmalloc/krealloc/kfree; "
		  "handler %lu allocs, %lu frees; %u operations around it",
		  irq.ticks, irq.ticks_in_call, irq.allocs, irq.frees, ops);
	KTEST_EXPECT_GE(t, irq.ticks_in_call, MIN_TICKS_IN_CALL);
	KTEST_EXPECT_GT(t, irq.frees, 0);
	KTEST_EXPECT_EQ(t, irq.nulls, 0);
	KTEST_EXPECT_EQ(t, irq.bad, 0);
	KTEST_EXPECT_EQ(t, main_nulls, 0);
	KTEST_EXPECT_EQ(t, main_bad, 0);

	/* The handler's objects are freed here, outside interrupt context. */
	for (unsigned int i = 0; i < IRQ_RING; i++) {
		struct obj *o = &irq.ring[i];

		if (o->p && !token(o->p, o->n, TAG_IRQ, true))
			KTEST_FAIL(t, "handler's object %p (%zu B) damaged",
				   o->p, o->n);
		kfree(o->p);
	}
	for (unsigned int i = 0; i < MAIN_SLOTS; i++) {
		if (slots[i].p &&
		    !token(slots[i].p, slots[i].n, TAG_MAIN, true))
			KTEST_FAIL(t, "object %p (%zu B) damaged", slots[i].p,
				   slots[i].n);
		kfree(slots[i].p);
	}
	kfree(slots);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	mm_drain();
	mm_get_stats(&after);
	KTEST_EXPECT_EQ(t, after.used_bytes, before.used_bytes);
	KTEST_EXPECT_EQ(t, after.free_bytes + (after.meta_bytes -
					       before.meta_bytes),
			before.free_bytes);
}

static const struct ktest_case irq_alloc_cases[] = {
	KTEST_CASE(irq_alloc_while_interrupted),
};
KTEST_SUITE(irq_alloc, irq_alloc_cases);
