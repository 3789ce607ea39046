// SPDX-License-Identifier: MIT
/*
 * The leak scanner and the opt-in collector, kmemleak style: mark every
 * object reachable from the roots, following only words whose pointer bit
 * is set (so typed objects are scanned precisely, untyped ones
 * conservatively and __GFP_NOSCAN ones not at all), then report, or for
 * mm_gc() free, what stayed unmarked.
 *
 * The mark stack is a fixed array on the scanner's own stack. When it is
 * full, a newly marked object is left unscanned and the overflow noted;
 * once the stack drains, every marked object is scanned again until a
 * pass overflows no more. Memory stays bounded; time grows instead.
 */
#include "bitmap.h"
#include "central.h"
#include "init.h"
#include "tiny.h"
#include "tiny_chunk.h"
#include "typed.h"

#define MM_MAX_ROOTS	16
#define MARK_STACK	128	/* entries: 0.5 KiB on 32-bit, 1 KiB on 64 */

struct scan_root {
	uintptr_t base, end;
	bool image;		/* the port's image: a default root */
};

/*
 * The root table, with a lock of its own: registering a root never waits
 * for the page allocator. Made from persistent metadata on the first
 * registration (mheap.lock only for that carve, never while @lock is
 * held). A scan takes @lock last, after every lock of lock_all().
 */
struct root_table {
	spinlock_t lock;		/* guards r[] */
	struct scan_root r[MM_MAX_ROOTS];	/* end == 0: a free slot */
};

static struct root_table *roots;	/* set once (release), never freed */

static void root_table_init(void *obj)
{
	struct root_table *t = obj;

	spin_lock_init(&t->lock);	/* r[] comes zeroed: all slots free */
}

/* The table, made on first use; NULL when no metadata is left for it. */
static struct root_table *root_table_get(void)
{
	return page_persist_once((void **)&roots, sizeof(struct root_table),
			    root_table_init);
}

static int root_add(const void *base, size_t size, bool image)
{
	struct root_table *t;
	unsigned long flags;
	int err = -ENOSPC;

	/* A range that wraps would end at or below its base, and end == 0
	 * marks a free slot. */
	if (!size || size > UINTPTR_MAX - (uintptr_t)base) {
		pr_err("mm: root %p+0x%zx is empty or wraps around the address "
		       "space; refused\n", base, size);
		return -EINVAL;
	}
	if (mminit_early("mm_register_root"))
		return -ENODEV;
	t = root_table_get();
	if (!t)
		return -ENOMEM;
	flags = spin_lock_irqsave(&t->lock);
	for (unsigned int i = 0; i < MM_MAX_ROOTS; i++) {
		if (t->r[i].end == 0) {
			t->r[i].base = (uintptr_t)base;
			t->r[i].end = (uintptr_t)base + size;
			t->r[i].image = image;
			err = 0;
			break;
		}
	}
	spin_unlock_irqrestore(&t->lock, flags);
	return err;
}

int mm_register_root(const void *base, size_t size)
{
	return root_add(base, size, false);
}

/* mm_register_image - the port's static data and stacks: a default root. */
int mm_register_image(const void *base, size_t size)
{
	return root_add(base, size, true);
}

int mm_unregister_root(const void *base)
{
	struct root_table *t = __atomic_load_n(&roots, __ATOMIC_ACQUIRE);
	unsigned long flags;
	int err = -ENOENT;

	if (!t)
		return err;
	flags = spin_lock_irqsave(&t->lock);
	for (unsigned int i = 0; i < MM_MAX_ROOTS; i++) {
		if (t->r[i].end && t->r[i].base == (uintptr_t)base) {
			t->r[i].end = 0;
			err = 0;
		}
	}
	spin_unlock_irqrestore(&t->lock, flags);
	return err;
}

/* ---- marking ---------------------------------------------------------- */

struct mark {
	uintptr_t stack[MARK_STACK];
	unsigned int top;
	bool overflow;
};

/* Mark object @o: whether it was marked already. */
static bool mark_test_set(const struct span_obj *o)
{
	unsigned long i = o->idx < 0 ? 0 : (unsigned long)o->idx;
	unsigned long bit = 1UL << (i % BITS_PER_LONG);
	unsigned long *w = &o->s->mark_bits[i / BITS_PER_LONG];

	if (o->s->state == SPAN_TINY)	/* in its span's mark plane */
		return tiny_mark(o->s, o->base);
	if (*w & bit)
		return true;
	*w |= bit;
	return false;
}

/* A word that may be a pointer: mark its object, queue it for scanning. */
static void mark_value(struct mark *m, uintptr_t v)
{
	struct span_obj o;

	if (!span_obj_find(v, true, &o) || mark_test_set(&o))
		return;
	if (m->top < MARK_STACK)
		m->stack[m->top++] = o.base;
	else
		m->overflow = true;
}

/* Conservative scan of a root range: every aligned word. */
static void scan_range(struct mark *m, uintptr_t lo, uintptr_t hi)
{
	lo = ALIGN(lo, sizeof(void *));
	for (; lo + sizeof(void *) <= hi; lo += sizeof(void *))
		mark_value(m, *(const uintptr_t *)lo);
}

/* Scan one object through the bitmap iterator: words with P set only. */
static void scan_object(struct mark *m, uintptr_t base, size_t size)
{
	struct heap_bits hb;
	size_t words = size / sizeof(void *);

	if (heap_bits_for_addr(base, &hb))
		return;
	for (size_t i = 0; i < words; i++) {
		if (heap_bits_get(&hb) & HB_PTR)
			mark_value(m, *(const uintptr_t *)hb.addr);
		if (i + 1 < words && heap_bits_next(&hb))
			return;
	}
}

static void drain(struct mark *m)
{
	while (m->top) {
		struct span_obj o;

		if (span_obj_find(m->stack[--m->top], false, &o))
			scan_object(m, o.base, o.size);
	}
}

static void clear_marks(struct span *s, void *arg)
{
	(void)arg;
	if (s->state == SPAN_TINY)
		tiny_clear_marks(s);
	else
		memset(s->mark_bits, 0, sizeof(s->mark_bits));
}

/* Overflow recovery: scan every marked object again. */
static void rescan_span(struct span *s, void *arg)
{
	struct mark *m = arg;
	size_t size;
	uintptr_t c;

	if (s->state == SPAN_LARGE) {
		if (s->mark_bits[0] & 1) {
			scan_object(m, span_base(s), s->npages << PAGE_SHIFT);
			drain(m);
		}
		return;
	}
	if (s->state == SPAN_TINY) {
		tiny_for_each_obj(s, c, size) {
			if (tiny_test(s, TINY_MARK, c)) {
				scan_object(m, c, size);
				drain(m);
			}
		}
		return;
	}
	if (s->state != SPAN_SMALL)
		return;
	size = sizeclass_size(s->sizeclass);
	for (unsigned int i = 0; i < s->nelems; i++) {
		if (s->mark_bits[i / BITS_PER_LONG] >> (i % BITS_PER_LONG) & 1) {
			scan_object(m, span_base(s) + i * size, size);
			drain(m);
		}
	}
}

/* Lock everything that could change the spans while we mark. */
static unsigned long lock_all(void)
{
	unsigned long flags = local_irq_save();

	for (unsigned int c = 1; c < sizeclass_count; c++)
		spin_lock(&central_of(c)->lock);
	spin_lock(&mheap.lock);
	return flags;
}

static void unlock_all(unsigned long flags)
{
	spin_unlock(&mheap.lock);
	for (unsigned int c = sizeclass_count - 1; c >= 1; c--)
		spin_unlock(&central_of(c)->lock);
	local_irq_restore(flags);
}

static void mark_all(unsigned int flags)
{
	struct mark m = { .top = 0 };

	struct root_table *t = __atomic_load_n(&roots, __ATOMIC_ACQUIRE);

	arena_for_each_span(clear_marks, NULL);
	if (t)
		spin_lock(&t->lock);	/* last: lock_all()'s are held */
	for (unsigned int i = 0; t && i < MM_MAX_ROOTS; i++) {
		if (!t->r[i].end ||
		    (t->r[i].image && (flags & MM_SCAN_NO_DEFAULT_ROOTS)))
			continue;
		scan_range(&m, t->r[i].base, t->r[i].end);
		drain(&m);
	}
	if (t)
		spin_unlock(&t->lock);
	while (m.overflow) {
		m.overflow = false;
		arena_for_each_span(rescan_span, &m);
	}
}

/* ---- reporting and collecting ----------------------------------------- */

struct sweep {
	mm_leak_fn fn;
	void *arg;
	long found;
	/* mm_gc: dead collected objects gathered here, freed after the walk */
	uintptr_t *dead;
	unsigned int ndead, maxdead;
};

static void sweep_object(struct sweep *sw, struct span *s, long idx,
			 uintptr_t base)
{
	struct mm_object obj;

	if (sw->dead) {
		if ((typed_tag(s, idx) & OBJ_COLLECTED) &&
		    sw->ndead < sw->maxdead)
			sw->dead[sw->ndead++] = base;
		return;
	}
	sw->found++;
	if (sw->fn && !mm_find_object((void *)base, &obj))
		sw->fn(&obj, sw->arg);
}

static void sweep_span(struct span *s, void *arg)
{
	struct sweep *sw = arg;
	size_t size;
	uintptr_t c;

	if (s->state == SPAN_LARGE) {
		if (!(s->mark_bits[0] & 1))
			sweep_object(sw, s, -1, span_base(s));
		return;
	}
	if (s->state == SPAN_TINY) {
		tiny_for_each_obj(s, c, size)
			if (!tiny_test(s, TINY_MARK, c))
				sweep_object(sw, s, -1, c);
		return;
	}
	if (s->state != SPAN_SMALL)
		return;
	size = sizeclass_size(s->sizeclass);
	for (unsigned int i = 0; i < s->nelems; i++) {
		if (span_obj_allocated(s, i) &&
		    !(s->mark_bits[i / BITS_PER_LONG] >> (i % BITS_PER_LONG) & 1))
			sweep_object(sw, s, i, span_base(s) + i * size);
	}
}

long mm_scan_leaks(unsigned int flags, mm_leak_fn fn, void *arg)
{
	struct sweep sw = { .fn = fn, .arg = arg };
	unsigned long irq;

	if (mminit_early("mm_scan_leaks"))
		return -ENODEV;
	irq = lock_all();

	mark_all(flags);
	arena_for_each_span(sweep_span, &sw);
	unlock_all(irq);
	return sw.found;
}

/* Dead objects freed per pass of mm_gc's sweep. */
#define GC_BATCH 64

long mm_gc(unsigned int flags)
{
	uintptr_t dead[GC_BATCH];
	struct sweep sw = { .dead = dead, .maxdead = GC_BATCH };
	unsigned long irq;
	long freed = 0;

	if (mminit_early("mm_gc"))
		return -ENODEV;
	irq = lock_all();
	mark_all(flags);
	/* Gather a batch under the locks, free it without them, repeat: a
	 * freed object is no longer allocated, so each pass finds new ones.
	 * The marks stay valid because nothing allocates collected objects
	 * while mm_gc runs (its contract), and ordinary ones are ignored. */
	for (;;) {
		sw.ndead = 0;
		arena_for_each_span(sweep_span, &sw);
		unlock_all(irq);
		for (unsigned int i = 0; i < sw.ndead; i++)
			kfree((void *)dead[i]);
		freed += sw.ndead;
		if (sw.ndead < GC_BATCH)
			return freed;
		irq = lock_all();
	}
}
