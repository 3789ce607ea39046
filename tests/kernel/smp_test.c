// SPDX-License-Identifier: MIT
/* Per-CPU ids: a case that runs on every online CPU. */
#include <baremm/arch.h>
#include <baremm/ktest.h>
#include <baremm/smp.h>

struct cpu_seen {
	unsigned int mask;	/* bit n: CPU n ran the function */
	unsigned int runs;
};

static void mark_cpu(void *arg)
{
	struct cpu_seen *s = arg;
	unsigned int id = arch_cpu_id();

	if (id < 32)
		__atomic_fetch_or(&s->mask, 1u << id, __ATOMIC_RELAXED);
	__atomic_fetch_add(&s->runs, 1, __ATOMIC_RELAXED);
}

static void smp_each_cpu_runs_once(struct ktest *t)
{
	struct cpu_seen s = { 0, 0 };
	unsigned int n = smp_num_online();

	smp_call_on_each_cpu(mark_cpu, &s);
	KTEST_EXPECT_EQ(t, s.runs, n);
	KTEST_EXPECT_EQ(t, s.mask, (1u << n) - 1);
	ktest_log(t, "%u CPU(s) online, ids seen 0x%x", n, s.mask);
}

static void smp_all_configured_cpus_online(struct ktest *t)
{
	/* Boards set QEMU's -smp to CONFIG_NR_CPUS: every CPU must be up. */
	KTEST_EXPECT_EQ(t, smp_num_online(), CONFIG_NR_CPUS);
	KTEST_EXPECT_EQ(t, arch_cpu_id(), 0);
}

static const struct ktest_case smp_cases[] = {
	KTEST_CASE(smp_each_cpu_runs_once),
	KTEST_CASE(smp_all_configured_cpus_online),
};
KTEST_SUITE(smp, smp_cases);
