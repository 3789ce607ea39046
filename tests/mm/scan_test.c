// SPDX-License-Identifier: MIT
/*
 * The leak scanner and the collector on object graphs built for the
 * purpose: lists, trees, cycles, pointers into the middle of objects, and
 * pointers that must not count (inside no-pointer objects, in non-pointer
 * words of typed objects). Roots are registered explicitly and default
 * roots are left out, so the answer is exact.
 */
#include <baremm/arch.h>
#include "mmtest.h"

#define W sizeof(void *)

/* node: { next, value, left, right }: words 0, 2, 3 are pointers. */
struct node {
	struct node *next;
	uintptr_t value;
	struct node *left, *right;
};
static const unsigned long node_mask[1] = { 0xdUL };
static const struct mm_type node_type = { "node", sizeof(struct node),
					   node_mask };

/* Roots the tests register; everything else is unreachable. */
static void *scan_roots[8];
/* The objects each test made, to pick ours out of the reports. */
#define MAX_OURS 2048
static void *ours[MAX_OURS];
static unsigned int nours;

static struct node *new_node(gfp_t flags)
{
	struct node *n = kmalloc_typed(&node_type, flags);

	if (n && nours < MAX_OURS)
		ours[nours++] = n;
	return n;
}

struct report {
	unsigned int ours;
	bool seen[MAX_OURS];
};

static void count_ours(const struct mm_object *o, void *arg)
{
	struct report *r = arg;

	for (unsigned int i = 0; i < nours; i++) {
		if (ours[i] == o->base) {
			r->seen[i] = true;
			r->ours++;
		}
	}
}

/* Unreachable objects of ours, with only scan_roots as roots. */
static unsigned int scan_ours(struct report *r)
{
	memset(r, 0, sizeof(*r));
	mm_scan_leaks(MM_SCAN_NO_DEFAULT_ROOTS, count_ours, r);
	return r->ours;
}

static void free_ours(void)
{
	for (unsigned int i = 0; i < nours; i++)
		kfree(ours[i]);
	nours = 0;
	memset(scan_roots, 0, sizeof(scan_roots));
}

static struct node *make_list(unsigned int n)
{
	struct node *head = NULL;

	while (n--) {
		struct node *x = new_node(GFP_KERNEL);

		if (!x)
			return NULL;
		x->next = head;
		head = x;
	}
	return head;
}

static struct node *make_tree(unsigned int depth)
{
	struct node *x = new_node(GFP_KERNEL);

	if (x && depth) {
		x->left = make_tree(depth - 1);
		x->right = make_tree(depth - 1);
	}
	return x;
}

static void scan_graphs(struct ktest *t)
{
	struct report *r = kzalloc(sizeof(*r), GFP_KERNEL);
	struct node *list, *tree, *cyc, *mid, *hidden, *scalar, *holder;
	unsigned int list_n = 20, tree_n = 31, cyc_n = 5, i;
	void **noscan;

	KTEST_ASSERT_NOT_NULL(t, r);
	KTEST_ASSERT_EQ(t, mm_register_root(scan_roots, sizeof(scan_roots)), 0);
	nours = 0;
	list = make_list(list_n);
	tree = make_tree(4);
	cyc = make_list(cyc_n);
	KTEST_ASSERT_NOT_NULL(t, list);
	KTEST_ASSERT_NOT_NULL(t, tree);
	KTEST_ASSERT_NOT_NULL(t, cyc);
	for (holder = cyc; holder->next; holder = holder->next)
		;
	holder->next = cyc;			/* close the cycle */
	mid = new_node(GFP_KERNEL);		/* reached by an interior pointer */
	hidden = new_node(GFP_KERNEL);		/* only a no-pointer object has it */
	scalar = new_node(GFP_KERNEL);		/* only a scalar field has it */
	noscan = kmalloc(4 * W, __GFP_NOSCAN);
	KTEST_ASSERT_NOT_NULL(t, noscan);
	ours[nours++] = noscan;
	noscan[0] = hidden;
	list->value = (uintptr_t)scalar;	/* word 1: not a pointer */
	scan_roots[0] = list;
	scan_roots[1] = tree;
	scan_roots[2] = cyc->next;
	scan_roots[3] = &mid->left;		/* into the middle */
	scan_roots[4] = noscan;
	/* Reachable: all but hidden and scalar. */
	KTEST_EXPECT_EQ(t, scan_ours(r), 2);
	for (i = 0; i < nours; i++)
		if (r->seen[i] != (ours[i] == hidden || ours[i] == scalar))
			KTEST_FAIL(t, "object %u (%p) reported %d", i, ours[i],
				   r->seen[i]);
	/* Drop the list and the cycle: exactly those are added. */
	scan_roots[0] = NULL;
	scan_roots[2] = NULL;
	KTEST_EXPECT_EQ(t, scan_ours(r), 2 + list_n + cyc_n);
	/* Drop everything: every object of ours. */
	memset(scan_roots, 0, sizeof(scan_roots));
	KTEST_EXPECT_EQ(t, scan_ours(r), nours);
	ktest_log(t, "%u objects: list %u, tree %u, cycle %u, 5 more", nours,
		  list_n, tree_n, cyc_n);
	free_ours();
	KTEST_EXPECT_EQ(t, mm_unregister_root(scan_roots), 0);
	kfree(r);
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
}

/* A root array of more objects than the mark stack holds: the overflow
 * path rescans until everything reachable is marked. */
static void scan_mark_stack_overflow(struct ktest *t)
{
	static const unsigned long all[1] = { ~0UL };
	static const struct mm_type ptrs = { "ptrs", W, all };
	enum { N = 600 };
	struct report *r = kzalloc(sizeof(*r), GFP_KERNEL);
	struct node **arr = kmalloc_array_typed(&ptrs, N, GFP_KERNEL);

	KTEST_ASSERT_NOT_NULL(t, r);
	KTEST_ASSERT_NOT_NULL(t, arr);
	KTEST_ASSERT_EQ(t, mm_register_root(scan_roots, sizeof(scan_roots)), 0);
	nours = 0;
	for (int i = 0; i < N; i++) {
		arr[i] = new_node(GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, arr[i]);
		arr[i]->left = new_node(GFP_KERNEL);	/* one level deeper */
	}
	scan_roots[0] = arr;
	KTEST_EXPECT_EQ(t, scan_ours(r), 0);
	scan_roots[0] = NULL;
	KTEST_EXPECT_EQ(t, scan_ours(r), nours);
	free_ours();
	kfree(arr);
	kfree(r);
	mm_unregister_root(scan_roots);
}

/* mm_gc frees exactly the unreachable collected objects, nothing else. */
static void gc_frees_only_collected(struct ktest *t)
{
	struct node *keep, *drop, *x, *plain;
	struct mt_snap before;
	long freed;
	int i;

	mm_drain();
	mt_snapshot(&before);
	KTEST_ASSERT_EQ(t, mm_register_root(scan_roots, sizeof(scan_roots)), 0);
	keep = drop = NULL;
	for (i = 0; i < 50; i++) {
		x = kmalloc_collected(sizeof(*x), &node_type, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, x);
		if (i % 2) {
			x->next = keep;
			keep = x;
		} else {
			x->next = drop;
			drop = x;
		}
	}
	plain = kmalloc(64, GFP_KERNEL);	/* unreachable, but ordinary */
	KTEST_ASSERT_NOT_NULL(t, plain);
	mt_fill(plain, 64, 9);
	scan_roots[0] = keep;
	drop = NULL;
	freed = mm_gc(MM_SCAN_NO_DEFAULT_ROOTS);
	KTEST_EXPECT_EQ(t, freed, 25);
	KTEST_EXPECT_GE(t, ksize(keep), sizeof(*keep));
	KTEST_EXPECT_TRUE(t, mt_check(plain, 64, 9));
	KTEST_EXPECT_EQ(t, mm_validate(), 0);
	scan_roots[0] = NULL;
	KTEST_EXPECT_EQ(t, mm_gc(MM_SCAN_NO_DEFAULT_ROOTS), 25);
	kfree(plain);
	mm_drain();
	MT_EXPECT_PAGES_BACK(t, &before);	/* tag arrays stay as metadata */
	mm_unregister_root(scan_roots);
}

/*
 * False retention of conservative scanning, measured: the same random
 * graph once typed (precise) and once untyped (every word a possible
 * pointer), with random non-pointer data; with every root dropped the
 * precise scan reports all of it, the conservative one what it can.
 */
static void scan_false_retention(struct ktest *t)
{
	struct report *r = kzalloc(sizeof(*r), GFP_KERNEL);
	unsigned int n = 400, found[2];

	KTEST_ASSERT_NOT_NULL(t, r);
	for (int typed = 0; typed < 2; typed++) {
		struct mt_rng rng = { 0xfa15e };

		nours = 0;
		for (unsigned int i = 0; i < n; i++) {
			struct node *x = typed
				? new_node(GFP_KERNEL)
				: kzalloc(sizeof(*x), GFP_KERNEL);

			KTEST_ASSERT_NOT_NULL(t, x);
			if (!typed)
				ours[nours++] = x;
			x->value = (uintptr_t)((u64)mt_next(&rng) << 32 |
					       mt_next(&rng));
			if (i)
				x->next = ours[mt_below(&rng, i)];
		}
		found[typed] = scan_ours(r);
		free_ours();
	}
	KTEST_EXPECT_EQ(t, found[1], n);
	KTEST_EXPECT_LE(t, found[0], n);
	ktest_log(t, "%u objects, random data words: precise scan finds %u "
		  "unreachable, conservative %u (%u falsely retained)",
		  n, found[1], found[0], n - found[0]);
	kfree(r);
}

/* The time of a full scan per MiB of reachable conservative objects:
 * printed for docs/heap-bitmap.md, never asserted. */
static void scan_speed(struct ktest *t)
{
	enum { OBJ = 4096, N = 256 };	/* 1 MiB in 4 KiB objects */
	void **chain = NULL, **p;
	u64 t0, t1, freq = arch_counter_freq();
	long leaks;

	KTEST_ASSERT_EQ(t, mm_register_root(scan_roots, sizeof(scan_roots)), 0);
	for (int i = 0; i < N; i++) {
		p = kzalloc(OBJ, GFP_KERNEL);
		KTEST_ASSERT_NOT_NULL(t, p);
		p[0] = chain;
		chain = p;
	}
	scan_roots[0] = chain;
	t0 = arch_counter();
	leaks = mm_scan_leaks(MM_SCAN_NO_DEFAULT_ROOTS, NULL, NULL);
	t1 = arch_counter();
	KTEST_EXPECT_GE(t, leaks, 0);
	if (freq)
		ktest_log(t, "full scan with 1 MiB reachable: %llu us "
			  "(counter %llu Hz)",
			  (unsigned long long)((t1 - t0) * 1000000 / freq),
			  (unsigned long long)freq);
	scan_roots[0] = NULL;
	while (chain) {
		p = chain[0];
		kfree(chain);
		chain = p;
	}
	mm_unregister_root(scan_roots);
}

/*
 * A root that wraps around the address space, or ends exactly at its top
 * (its end would read 0, the mark of a free slot), is refused; the table
 * is left as it was.
 */
static void scan_refuses_wrapping_roots(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, mm_register_root((void *)(UINTPTR_MAX - 100), 1000),
			-EINVAL);
	KTEST_EXPECT_EQ(t, mm_register_root((void *)(UINTPTR_MAX - 4095), 4096),
			-EINVAL);
	KTEST_EXPECT_EQ(t, mm_register_image((void *)(UINTPTR_MAX - 7), 8),
			-EINVAL);
	KTEST_EXPECT_EQ(t, mm_register_root(scan_roots, 0), -EINVAL);
	/* Nothing was stored: none of them can be unregistered. */
	KTEST_EXPECT_EQ(t, mm_unregister_root((void *)(UINTPTR_MAX - 100)),
			-ENOENT);
	KTEST_EXPECT_EQ(t, mm_unregister_root((void *)(UINTPTR_MAX - 7)),
			-ENOENT);
	KTEST_ASSERT_EQ(t, mm_register_root(scan_roots, sizeof(scan_roots)), 0);
	KTEST_EXPECT_EQ(t, mm_unregister_root(scan_roots), 0);
}

static const struct ktest_case scan_cases[] = {
	KTEST_CASE(scan_graphs),
	KTEST_CASE(scan_mark_stack_overflow),
	KTEST_CASE(gc_frees_only_collected),
	KTEST_CASE(scan_false_retention),
	KTEST_CASE(scan_speed),
	KTEST_CASE(scan_refuses_wrapping_roots),
};
KTEST_SUITE(mm_scan, scan_cases);
