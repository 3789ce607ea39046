// SPDX-License-Identifier: MIT
/*
 * The CPU side of arch/host, what include/baremm/arch.h asks of a port:
 * CPUs are threads (CPU 0 the process's main thread, each secondary a
 * pthread that arch_cpu_start() creates, in arch/host/smp.c: not here in
 * libmm.a, whose allocator starts no CPU), the counter is CLOCK_MONOTONIC,
 * and there are no interrupts, so arch_irq_save/restore do nothing (all
 * three are inline in <asm/irqflags.h>, out of line in lib/irqflags.c). The
 * host board, the benchmark and the fuzzer all link this one file.
 */
#include <sched.h>
#include <time.h>

#include <baremm/arch.h>
#include <baremm/compiler.h>
#include <baremm/errno.h>

/* Read inline by arch_local_cpu_id(); written here only. */
__thread unsigned int host_this_cpu;

u64 arch_counter(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000u + (u64)ts.tv_nsec;
}

u64 arch_counter_freq(void)
{
	return 1000000000u;
}

/*
 * Threads outnumber the host's cores, and a spinning thread may be waiting
 * for one that is not running (a lock holder, a CPU about to answer a
 * cross-CPU call). So a wait first yields the core, and once it has gone
 * on for a while (RELAX_SLEEP_AFTER_NS without a break of as long between
 * two polls) it sleeps between polls: secondary CPUs that wait for work do
 * not keep the host's cores busy. This paces waiting only; no test
 * depends on it.
 */
#define RELAX_SLEEP_AFTER_NS	1000000u	/* 1 ms of waiting */
#define RELAX_SLEEP_NS		100000u		/* then poll every 0.1 ms */

void arch_cpu_relax(void)
{
	static __thread u64 wait_start, last_poll;
	u64 now = arch_counter();

	if (now - last_poll > RELAX_SLEEP_AFTER_NS)
		wait_start = now;	/* a new wait, not more of the last */
	last_poll = now;
	if (now - wait_start < RELAX_SLEEP_AFTER_NS) {
		sched_yield();
	} else {
		struct timespec ts = { 0, RELAX_SLEEP_NS };

		nanosleep(&ts, NULL);
	}
}
