// SPDX-License-Identifier: MIT
/*
 * CONFIG_MM_PORT_CRITICAL: the allocator's critical section is the port's
 * pair of <mm/port.h>. This file is the board's port, written as an RTOS
 * port would be (FreeRTOS keeps uxCriticalNesting the same way): a
 * nesting depth per CPU and the interrupt state of each level, so it can
 * check what the allocator hands back. The cases prove that kmalloc,
 * kfree and krealloc enter it, that every exit gets the state of its own
 * enter, innermost first, and that the sections nest on the slow paths.
 * The pair is weak: a board with a critical section of its own (an RTOS
 * image) replaces it, and the cases then skip.
 */
#include <baremm/arch.h>
#include <baremm/ktest.h>
#include <mm/mm.h>
#include <mm/port.h>

#define PORT_MAX_DEPTH	8

/* Per CPU, touched only inside the section, with interrupts masked. */
static struct port_cpu {
	unsigned long saved[PORT_MAX_DEPTH];	/* arch state of each level */
	unsigned int depth;			/* levels entered, not left */
	unsigned int max_depth;
	unsigned long enters, exits;
	unsigned long bad;	/* exits with a state not of their enter */
} port_cpu[CONFIG_NR_CPUS];

/* The state is the level: exit checks it against the depth. */
static unsigned long port_enter(void)
{
	unsigned long flags = arch_local_irq_save();
	struct port_cpu *pc = &port_cpu[arch_local_cpu_id()];

	if (pc->depth == PORT_MAX_DEPTH) {
		pc->bad++;
		return PORT_MAX_DEPTH;	/* exit restores nothing */
	}
	pc->saved[pc->depth] = flags;
	pc->enters++;
	if (++pc->depth > pc->max_depth)
		pc->max_depth = pc->depth;
	return pc->depth - 1;
}

static void port_exit(unsigned long state)
{
	struct port_cpu *pc = &port_cpu[arch_local_cpu_id()];

	if (state >= PORT_MAX_DEPTH || state + 1 != pc->depth) {
		pc->bad++;
		return;
	}
	pc->exits++;
	pc->depth--;
	arch_local_irq_restore(pc->saved[state]);
}

unsigned long mm_port_critical_enter(void)
	__attribute__((weak, alias("port_enter")));
void mm_port_critical_exit(unsigned long state)
	__attribute__((weak, alias("port_exit")));

/* False when the board defines the pair itself: nothing to count then. */
static bool port_is_ours(struct ktest *t)
{
	if (mm_port_critical_enter == port_enter)
		return true;
	ktest_skip(t, "the board has a critical section of its own");
	return false;
}

static struct port_cpu port_snapshot(void)
{
	unsigned long flags = arch_local_irq_save();
	struct port_cpu pc = port_cpu[arch_local_cpu_id()];

	arch_local_irq_restore(flags);
	return pc;
}

static void port_critical_alloc_paths(struct ktest *t)
{
	struct port_cpu a, b;
	void *p;

	if (!port_is_ours(t))
		return;
	a = port_snapshot();
	p = kmalloc(24, GFP_KERNEL);
	b = port_snapshot();
	KTEST_EXPECT_OP(t, b.enters, >, a.enters);
	a = b;
	p = krealloc(p, 3000, GFP_KERNEL);
	KTEST_ASSERT_TRUE(t, p != NULL);
	b = port_snapshot();
	KTEST_EXPECT_OP(t, b.enters, >, a.enters);
	a = b;
	kfree(p);
	b = port_snapshot();
	KTEST_EXPECT_OP(t, b.enters, >, a.enters);
	/* out of every section again, each left with its own state */
	KTEST_EXPECT_OP(t, b.depth, ==, 0);
	KTEST_EXPECT_OP(t, b.exits, ==, b.enters);
	KTEST_EXPECT_OP(t, b.bad, ==, 0);
}

/*
 * Enough objects of one class to run through the CPU's cached span: the
 * refill takes the central list's lock inside the fast path's section.
 */
static void port_critical_nests(struct ktest *t)
{
	enum { N = 512 };
	static void *objs[N];
	struct port_cpu pc;
	unsigned int n;

	if (!port_is_ours(t))
		return;
	for (n = 0; n < N; n++) {
		objs[n] = kmalloc(48, GFP_KERNEL);
		if (!objs[n])
			break;
	}
	while (n)
		kfree(objs[--n]);
	pc = port_snapshot();
	KTEST_EXPECT_OP(t, pc.max_depth, >=, 2);
	KTEST_EXPECT_OP(t, pc.depth, ==, 0);
	KTEST_EXPECT_OP(t, pc.exits, ==, pc.enters);
	KTEST_EXPECT_OP(t, pc.bad, ==, 0);
	KTEST_EXPECT_OP(t, mm_validate(), ==, 0);
}

static const struct ktest_case port_critical_cases[] = {
	KTEST_CASE(port_critical_alloc_paths),
	KTEST_CASE(port_critical_nests),
};
KTEST_SUITE(port_critical, port_critical_cases);
