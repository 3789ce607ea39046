// SPDX-License-Identifier: MIT
/*
 * The page allocator: free page runs kept in one tree ordered by address,
 * and the persistent allocators for metadata built on it.
 *
 * The tree is a treap (a binary search tree by start page that is also a
 * heap by random priority, so its depth is O(log runs) expected). Each node
 * also holds tmax, the largest run in its subtree, so the lowest-address
 * run of at least n pages is found by one walk from the root: this is
 * address-ordered first fit in O(log runs), with no walk over pages.
 * Neighbouring runs are always merged; the first and last page of every
 * run point at its span, so a freed run finds its neighbours through the
 * arena index in O(1).
 *
 * All of it runs under mheap.lock.
 */
#include "lookup.h"

struct mheap mheap = { .lock = SPINLOCK_INIT };

/* ---- treap ------------------------------------------------------------ */

static size_t tmax_of(const struct span *s)
{
	return s ? s->tmax : 0;
}

static void tree_fix(struct span *s)
{
	s->tmax = max(s->npages, max(tmax_of(s->tl), tmax_of(s->tr)));
}

/* Fix tmax from @s up, the one path whose nodes may be wrong. A node
 * whose tmax comes out unchanged changes nothing above it: stop there. */
static void tree_fix_up(struct span *s)
{
	for (; s; s = s->tp) {
		size_t old = s->tmax;

		tree_fix(s);
		if (s->tmax == old)
			break;
	}
}

/* A run of @n pages joined the subtree of @s: each tmax on the path up
 * below @n is raised to it, and the first that is not ends the walk. */
static void tree_raise(struct span *s, size_t n)
{
	for (; s && s->tmax < n; s = s->tp)
		s->tmax = n;
}

/* @s grew: no tmax on its path can fall. */
static void tree_fix_grown(struct span *s)
{
	tree_raise(s, s->npages);
}

static struct span **tree_link(struct span *s)
{
	if (!s->tp)
		return &mheap.free_root;
	return s->tp->tl == s ? &s->tp->tl : &s->tp->tr;
}

/* Rotate @s above its parent, fixing the parent's tmax only: @s's own is
 * for the caller, who may rotate it further first. */
static void tree_rotate_up_only(struct span *s)
{
	struct span *p = s->tp, **link = tree_link(p);

	if (p->tl == s) {
		p->tl = s->tr;
		if (s->tr)
			s->tr->tp = p;
		s->tr = p;
	} else {
		p->tr = s->tl;
		if (s->tl)
			s->tl->tp = p;
		s->tl = p;
	}
	s->tp = p->tp;
	p->tp = s;
	*link = s;
	tree_fix(p);
}

/* Rotate @s above its parent. */
static void tree_rotate_up(struct span *s)
{
	tree_rotate_up_only(s);
	tree_fix(s);
}

/*
 * A node's heap priority: a hash of its struct's address, which stays put
 * while the node is in the tree (its start may move, its struct does
 * not), and which has nothing to do with the run's address order, as a
 * treap's random priority must not. Computed, not stored: a span struct
 * is metadata paid for every span.
 */
static u32 tree_prio(const struct span *s)
{
	u32 x = (u32)((uintptr_t)s ^ (u64)(uintptr_t)s >> 32);

	/* murmur3's finaliser: every address bit moves every result bit */
	x = (x ^ x >> 16) * 0x85ebca6bu;
	x = (x ^ x >> 13) * 0xc2b2ae35u;
	return x ^ x >> 16;
}

/*
 * Insert @s as a leaf and rotate it up to its priority's place. Each
 * rotation fixes the tmax of the node it moves down, @s's is fixed once
 * at the end; above @s the subtrees only gained it, so its size is raised
 * into them once, too. Its own priority is hashed once.
 */
static void tree_insert(struct span *s)
{
	struct span **link = &mheap.free_root, *parent = NULL;
	u32 prio = tree_prio(s);

	while (*link) {
		parent = *link;
		link = s->start < parent->start ? &parent->tl : &parent->tr;
	}
	s->tl = s->tr = NULL;
	s->tp = parent;
	s->tmax = s->npages;
	*link = s;
	while (s->tp && tree_prio(s->tp) > prio)
		tree_rotate_up_only(s);
	tree_fix(s);
	tree_raise(s->tp, s->npages);
}

/*
 * Rotate @s down, towards the child of higher priority, until it has at
 * most one child, which then takes its place: that child's priority
 * already ranks below its parent's. A node with one child or none goes
 * with no rotation at all.
 */
static void tree_remove(struct span *s)
{
	struct span *p, *c;

	while (s->tl && s->tr)
		tree_rotate_up(tree_prio(s->tl) < tree_prio(s->tr) ? s->tl
								    : s->tr);
	p = s->tp;
	c = s->tl ? s->tl : s->tr;
	*tree_link(s) = c;
	if (c)
		c->tp = p;
	tree_fix_up(p);
	s->tp = s->tl = s->tr = NULL;
}

/* Lowest-address run of at least @n pages, or NULL. O(depth). */
static struct span *tree_first_fit(size_t n)
{
	struct span *s = mheap.free_root;

	if (tmax_of(s) < n)
		return NULL;
	for (;;) {
		if (tmax_of(s->tl) >= n)
			s = s->tl;
		else if (s->npages >= n)
			return s;
		else
			s = s->tr;
	}
}

/* Highest-address run of at least @n pages, or NULL. O(depth). */
static struct span *tree_last_fit(size_t n)
{
	struct span *s = mheap.free_root;

	if (tmax_of(s) < n)
		return NULL;
	for (;;) {
		if (tmax_of(s->tr) >= n)
			s = s->tr;
		else if (s->npages >= n)
			return s;
		else
			s = s->tl;
	}
}

/* Lowest run holding @n pages at a multiple of @align: an in-order walk
 * that skips subtrees whose largest run is too small. O(runs) at worst;
 * only used when the quick test (a run of n + align - 1) finds none. */
static struct span *tree_fit_aligned(struct span *s, size_t n, size_t align)
{
	struct span *hit;

	if (!s || s->tmax < n)
		return NULL;
	hit = tree_fit_aligned(s->tl, n, align);
	if (hit)
		return hit;
	if (s->npages >= n &&
	    ALIGN(s->start, align) - s->start <= s->npages - n)
		return s;
	return tree_fit_aligned(s->tr, n, align);
}

size_t page_tree_largest(void)
{
	return tmax_of(mheap.free_root);
}

/* ---- span structs and persistent metadata ----------------------------- */

/* Reset a struct for reuse; a tag array (mm/typed.c) stays with it, and
 * so does the owner, 0, which a late free may still read (span.h).
 * Unrolled word stores unless built for size: memset() of these 80 bytes
 * took 62 instructions on Cortex-M3, once for every span and split run. */
static void page_span_struct_reset(struct span *s)
{
#ifdef __OPTIMIZE_SIZE__
	memset(s, 0, SPAN_RESET_BYTES);
#else
	unsigned long *w = (unsigned long *)s;

	_Static_assert(SPAN_RESET_BYTES % sizeof(long) == 0, "whole words");
#pragma GCC unroll 32
	for (size_t i = 0; i < SPAN_RESET_BYTES / sizeof(long); i++)
		w[i] = 0;
#endif
}

/* The struct is reset when it is taken again; until then only what a
 * racing lock-free reader tests must say "not in use". */
void page_span_struct_free_locked(struct span *s)
{
	MM_BUG_ON(s->owner || s->central_class);
	s->state = SPAN_UNUSED;
	__atomic_store_n(&s->fast_nelems, 0, __ATOMIC_RELAXED);
	s->next = mheap.pool;
	mheap.pool = s;
}

/* Called by mm_init, with mheap.lock held; kept in registration order. */
void page_reclaimer_register(struct page_reclaimer *r)
{
	struct page_reclaimer **p = &mheap.reclaimers;

	while (*p)
		p = &(*p)->next;
	r->next = NULL;
	*p = r;
}

size_t page_reclaim(void)
{
	size_t pages = 0;

	/* The list is made before mm_init opens the heap: no lock. */
	for (struct page_reclaimer *r = mheap.reclaimers; r; r = r->next)
		pages += r->reclaim();
	return pages;
}

/*
 * No run fits: give back what the reclaimers that can run under the heap
 * lock keep (kept large runs) before growing the heap into the next
 * arena, whose metadata stays for good. False when neither helps.
 */
static bool heap_make_room_locked(void)
{
	for (struct page_reclaimer *r = mheap.reclaimers; r; r = r->next)
		if (r->reclaim_locked && r->reclaim_locked())
			return true;
	return arena_grow_locked();
}

/*
 * Take @npages for metadata (page.h says from where). No new span
 * struct is needed: a run loses pages at one end, or goes. Persistent
 * metadata used to come from the lowest run too, and a heap filled with
 * objects and emptied again was left cut every few pages by span-struct
 * pages made on the way, too cut for a 1 MiB object in a 24 MiB heap.
 * Return: the pages (zeroed when @persist), or NULL.
 */
/*
 * Fault injection for the self-test: while set, every request for new
 * metadata pages fails, as when metadata runs out while the heap grows.
 */
bool page_meta_fail;

void *page_carve_meta_locked(size_t npages, bool persist)
{
	struct span *s;
	pfn_t p;

	if (unlikely(page_meta_fail))
		return NULL;

	while (!(s = persist ? tree_last_fit(npages)
			     : tree_first_fit(npages))) {
		if (!persist || !heap_make_room_locked())
			return NULL;
	}
	mheap.free_pages -= npages;
	mheap.meta_pages += npages;
	p = persist ? s->start + s->npages - npages : s->start;
	if (s->npages == npages) {
		tree_remove(s);
		page_span_struct_free_locked(s);
	} else {
		/* Moving either end keeps the tree's address order. */
		if (!persist)
			s->start += npages;
		s->npages -= npages;
		tree_fix_up(s);
		arena_run_ends(s, !persist, persist);
	}
	arena_pfn_set(p, npages, PG_META, NULL);
	if (persist)
		memset((void *)pfn_to_addr(p), 0, npages << PAGE_SHIFT);
	return (void *)pfn_to_addr(p);
}

size_t page_persist_chunk_pages(size_t total)
{
	/* A tiny-only heap makes few spans: a page at a time. Its fill
	 * measured the same with page_persist_alloc_locked()'s growth, and
	 * a constant folds that code away (42 B on Cortex-M0). */
	if (IS_ENABLED(CONFIG_MM_TINY_ONLY))
		return 1;
	return max((size_t)1,
		   min(total / 64, (size_t)DIV_ROUND_UP(4096, PAGE_SIZE)));
}

void *page_persist_alloc_locked(size_t size)
{
	char *p;

	size = page_persist_size(size);
	if ((size_t)(mheap.persist_end - mheap.persist) < size) {
		/* As many bytes as the span structs made so far, up to a
		 * chunk: a small heap keeps little of it unused, a large
		 * one carves a few times, then a chunk at a time. */
		size_t made = DIV_ROUND_UP(mheap.span_structs *
						   sizeof(struct span),
					   PAGE_SIZE);
		size_t n = max(min(page_persist_chunk_pages(mheap.total_pages),
				   max(made, (size_t)1)),
			       DIV_ROUND_UP(size, PAGE_SIZE));

		p = page_carve_meta_locked(n, true);
		/* A full heap may have single pages left, not a chunk. */
		if (!p && n > DIV_ROUND_UP(size, PAGE_SIZE)) {
			n = DIV_ROUND_UP(size, PAGE_SIZE);
			p = page_carve_meta_locked(n, true);
		}
		if (!p)
			return NULL;
		mheap.persist = p;
		mheap.persist_end = p + (n << PAGE_SHIFT);
	}
	p = mheap.persist;
	mheap.persist += size;
	return p;
}

void *page_persist_once(void **slot, size_t size, void (*init)(void *obj))
{
	void *p = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
	unsigned long flags;

	if (likely(p))
		return p;
	flags = spin_lock_irqsave(&mheap.lock);
	p = *slot;
	if (!p) {
		p = page_persist_alloc_locked(size);
		if (p) {
			init(p);
			__atomic_store_n(slot, p, __ATOMIC_RELEASE);
		}
	}
	spin_unlock_irqrestore(&mheap.lock, flags);
	return p;
}

/* A span struct made from persistent metadata, counted (mheap.span_structs). */
static struct span *span_struct_new_locked(void)
{
	struct span *s = page_persist_alloc_locked(sizeof(*s));

	if (s)
		mheap.span_structs++;
	return s;
}

struct span *page_span_struct_alloc_locked(void)
{
	struct span *s = mheap.pool;

	if (!s) {
		s = span_struct_new_locked();
		if (!s)
			return NULL;
	} else {
		mheap.pool = s->next;
	}
	page_span_struct_reset(s);
	return s;
}

/* ---- runs ------------------------------------------------------------- */

/* Make sure the pool holds @n span structs, so a split cannot fail. */
static bool pool_reserve_locked(unsigned int n)
{
	unsigned int have = 0;

	for (struct span *s = mheap.pool; s && have < n; s = s->next)
		have++;
	for (; have < n; have++) {
		struct span *s = span_struct_new_locked();

		if (!s)
			return false;
		page_span_struct_free_locked(s);
	}
	return true;
}

/*
 * Pages [start, start + n), already in state PG_FREE, become a free run:
 * merged into the run that ends just below or starts just above (only run
 * ends carry span pointers, and these are run ends). A run that grows
 * keeps its place in address order, so the tree needs only tmax fixed up;
 * only a run with no free neighbour is inserted, with a struct from the
 * pool. Callers make sure the pool has one (page_free_locked recycles its
 * own); if not, the struct is taken first, since getting one may carve
 * metadata, which changes runs. O(log runs).
 */
static void page_run_insert_locked(pfn_t start, size_t n)
{
	struct span *s, *lo, *hi;
	struct span *spare =
		mheap.pool ? NULL : page_span_struct_alloc_locked();

	mheap.free_pages += n;
	arena_run_neighbours(start, n, &lo, &hi);
	if (lo || hi) {
		pfn_t first = lo ? lo->start : start;

		if (spare)
			page_span_struct_free_locked(spare);
		/*
		 * Both: they are neighbours in address order, so one lies
		 * below the other in the tree with no child on the other's
		 * side (hi, the leftmost of lo's right subtree, or lo, the
		 * rightmost of hi's left one). That one goes, with no
		 * rotation; the other takes the pages.
		 */
		s = lo && (!hi || lo->tr) ? lo : hi;
		if (lo && hi) {
			struct span *gone = s == lo ? hi : lo;

			tree_remove(gone);
			n += gone->npages;
			page_span_struct_free_locked(gone);
		}
		if (s == hi)
			s->start = first;
		s->npages += n;
		tree_fix_grown(s);
	} else {
		s = spare ? spare : page_span_struct_alloc_locked();
		BUG_ON(!s);
		s->start = start;
		s->npages = n;
		s->state = SPAN_FREE;
		tree_insert(s);
	}
	/* A neighbour's far end names it already: lo's first page, hi's
	 * last (but for the struct that went when both merged). */
	arena_run_ends(s, s != lo, s != hi);
}

size_t page_avail(void)
{
	return mheap.free_pages + mheap.ungrown_pages;
}

/* ---- the other layers' counter changes: the identity kept in one file */

void page_init_locked(void *boot, size_t boot_pages, size_t total)
{
	mheap.persist = boot;
	mheap.persist_end = (char *)boot + (boot_pages << PAGE_SHIFT);
	mheap.total_pages = total;
	mheap.meta_pages = boot_pages;
	mheap.boot_meta_pages = boot_pages;
	mheap.ungrown_pages = total - boot_pages;
	mheap.min_avail_pages = mheap.ungrown_pages;
}

void page_add_grown_locked(pfn_t start, size_t n)
{
	mheap.ungrown_pages -= n;
	page_run_insert_locked(start, n);
}

void page_add_arena_locked(size_t meta_pages, bool ungrown)
{
	if (ungrown) {
		mheap.ungrown_pages -= meta_pages;
		mheap.meta_pages += meta_pages;
	}
	mheap.arena_meta_pages += meta_pages;
	mheap.arenas++;
}

void page_reset_min_avail_locked(void)
{
	mheap.min_avail_pages = page_avail();
}

struct span *page_alloc_locked(size_t npages, size_t align, u8 state)
{
	struct span *run, *s;
	size_t want = npages + align - 1, lead, tail;
	pfn_t start, run_start;

	if (!npages || npages > page_avail() || want < npages)
		return NULL;
	/* The result and a tail cut off behind an aligned start need
	 * structs. Reserve before anything changes. */
	if (!pool_reserve_locked(2))
		return NULL;
	while (!(run = tree_first_fit(want)) &&
	       !(align > 1 &&
		 (run = tree_fit_aligned(mheap.free_root, npages, align)))) {
		if (!heap_make_room_locked())
			return NULL;
	}
	run_start = run->start;
	start = ALIGN(run_start, align);
	lead = start - run_start;
	tail = run->npages - lead - npages;
	/* The run keeps the pages in front (or, with none, behind): either
	 * end moving keeps the tree's address order. What stays free is
	 * counted back. */
	mheap.free_pages -= run->npages;
	if (lead || tail) {
		run->start = lead ? run_start : start + npages;
		run->npages = lead ? lead : tail;
		mheap.free_pages += run->npages;
		tree_fix_up(run);
		/* Only the end that moved: the other names the run. */
		arena_run_ends(run, !lead, lead);
		if (!lead)
			tail = 0;
	} else {
		tree_remove(run);
		page_span_struct_free_locked(run);
	}

	s = page_span_struct_alloc_locked();
	s->start = start;
	s->npages = npages;
	s->state = state;
	arena_pfn_set(start, npages, PG_SPAN, s);
	mheap.span_pages += npages;
	if (tail)
		page_run_insert_locked(start + npages, tail);
	if (page_avail() < mheap.min_avail_pages)
		mheap.min_avail_pages = page_avail();
	return s;
}

bool page_trim_locked(struct span *s, size_t npages)
{
	size_t n = s->npages - npages;
	pfn_t tail = s->start + npages;

	if (!pool_reserve_locked(1))
		return false;
	s->npages = npages;
	mheap.span_pages -= n;
	arena_pfn_set(tail, n, PG_FREE, NULL);
	page_run_insert_locked(tail, n);
	return true;
}

/* O(pages of the span) to mark them free, then O(log runs). */
void page_free_locked(struct span *s)
{
	pfn_t start = s->start;
	size_t n = s->npages;

	mheap.span_pages -= n;
	page_span_struct_free_locked(s);
	arena_pfn_set(start, n, PG_FREE, NULL);
	page_run_insert_locked(start, n);
}

/* ---- checks and dump -------------------------------------------------- */

/* In-order walk; every run must be free, merged, and its tmax right. */
static void tree_check(const struct span *s, pfn_t *prev_end, size_t *pages,
		       int *err)
{
	struct span *owner;

	if (!s || *err)
		return;
	tree_check(s->tl, prev_end, pages, err);
	if (s->state != SPAN_FREE || !s->npages ||
	    (*prev_end && s->start <= *prev_end) ||
	    s->tmax != max(s->npages, max(tmax_of(s->tl), tmax_of(s->tr))) ||
	    (s->tp && tree_prio(s->tp) > tree_prio(s)) ||
	    !arena_pfn_free(s->start, &owner) || owner != s ||
	    !arena_pfn_free(s->start + s->npages - 1, &owner) || owner != s) {
		pr_err("mm: validate: free run at 0x%lx (%lu pages) is broken\n",
		       (unsigned long)pfn_to_addr(s->start),
		       (unsigned long)s->npages);
		*err = -EUCLEAN;
		return;
	}
	*prev_end = s->start + s->npages;
	*pages += s->npages;
	tree_check(s->tr, prev_end, pages, err);
}

void page_tree_check(int *err)
{
	pfn_t prev_end = 0;
	size_t pages = 0;

	tree_check(mheap.free_root, &prev_end, &pages, err);
	if (!*err && pages != mheap.free_pages) {
		pr_err("mm: validate: free runs hold %lu pages, counter says "
		       "%lu\n", (unsigned long)pages,
		       (unsigned long)mheap.free_pages);
		*err = -EUCLEAN;
	}
}

/* In-order walk of the free runs: address order. Recursion depth is the
 * tree's, O(log runs) expected. */
static void tree_walk(const struct span *s,
		      bool (*fn)(const struct span *s, void *arg), void *arg)
{
	if (!s)
		return;
	tree_walk(s->tl, fn, arg);
	if (fn(s, arg))
		tree_walk(s->tr, fn, arg);
}

void page_tree_walk(bool (*fn)(const struct span *s, void *arg), void *arg)
{
	tree_walk(mheap.free_root, fn, arg);
}

static bool dump_run(const struct span *s, void *arg)
{
	unsigned int *left = arg;

	if (!*left)
		return false;
	(*left)--;
	printk("  free run 0x%08lx..0x%08lx %6lu pages\n",
	       (unsigned long)pfn_to_addr(s->start),
	       (unsigned long)(pfn_to_addr(s->start + s->npages) - 1),
	       (unsigned long)s->npages);
	return true;
}

void page_tree_dump(unsigned int max)
{
	page_tree_walk(dump_run, &max);
}
