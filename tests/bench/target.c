// SPDX-License-Identifier: MIT
/*
 * start_kernel of a bench image: boot as the board's normal image does
 * (console, RAM, mm_init), skip the self-test, and run every workload of
 * workload.c twice on the allocator this image links (bench.h): a
 * "first" pass, which for the first workload starts from a fresh heap
 * (the first growth of every structure included) and for the others from
 * what the workloads before left, then the same pass "again". Each call
 * is timed with arch_counter(); under `qemu -icount shift=0,sleep=off`
 * one instruction is one nanosecond of virtual time, so tools/bench/run
 * turns the ticks printed here into instructions with arch_counter_freq().
 *
 * Output, one line each, for tools/bench/run:
 *   BENCH cal n=.. sum=.. max=.. freq=<Hz> check=<nops> checksum=..
 *         checkn=..
 *   BENCH wl=<name> pass=<first|again> pairs=.. an=.. asum=.. amax=..
 *         ag=.. fn=.. fsum=.. fmax=.. fg=.. p99=..  (a: allocations,
 *         f: frees; n: calls timed, g: counter glitches left out; p99:
 *         ticks that 99% of all the pass's calls do not exceed)
 *   BENCH done
 */
#include <baremm/arch.h>
#include <baremm/board.h>
#include <baremm/exit.h>
#include <baremm/panic.h>
#include <baremm/printk.h>
#include <baremm/string.h>
#include <mm/mm.h>

#include "bench.h"

#ifndef BENCH_PAIRS
#define BENCH_PAIRS 100000	/* allocations per pass and workload */
#endif
#define BENCH_CAL_RUNS 50000

void __noreturn start_kernel(void);

static struct bench_op ops[BENCH_CHUNK];
static void *slots[BENCH_MAX_SLOTS];

/* The 99th percentile of every call of @r, allocations and frees
 * together, in ticks: the shortest length that 99% of them do not pass. */
static unsigned int p99_ticks(const struct bench_result *r)
{
	unsigned long long n = (unsigned long long)r->alloc.n + r->free.n;
	unsigned long long want = n * 99 / 100, seen = 0;

	for (unsigned int t = 0; t < BENCH_HIST; t++) {
		seen += r->alloc.hist[t] + r->free.hist[t];
		if (seen >= want)
			return t;
	}
	return BENCH_HIST - 1;
}

static void run(unsigned int wl, const char *pass)
{
	static struct bench_result r;
	struct bench_gen g;
	unsigned int n;

	memset(&r, 0, sizeof(r));

	bench_gen_start(&g, wl, BENCH_PAIRS, BENCH_SEED);
	while ((n = bench_gen_fill(&g, ops, BENCH_CHUNK)))
		bench_replay(ops, n, slots, &r);
	if (r.alloc.n + r.alloc.glitches != g.pairs ||
	    r.free.n + r.free.glitches != g.pairs)
		panic("bench: %s made %u allocations and %u frees of %u",
		      bench_wl_name[wl], r.alloc.n + r.alloc.glitches,
		      r.free.n + r.free.glitches, (unsigned int)g.pairs);
	printk("BENCH wl=%s pass=%s pairs=%u an=%u asum=%llu amax=%u ag=%u "
	       "fn=%u fsum=%llu fmax=%u fg=%u p99=%u\n",
	       bench_wl_name[wl], pass, (unsigned int)g.pairs, r.alloc.n,
	       r.alloc.sum, r.alloc.max, r.alloc.glitches, r.free.n,
	       r.free.sum, r.free.max, r.free.glitches, p99_ticks(&r));
}

void start_kernel(void)
{
	static struct bench_stat cal, nops;

	board_early_init();
	printk("bench on %s: %s\n", board_name, board_desc);
	board_setup_memory();
	if (mm_init())
		panic("bench: mm_init failed");
	if (bench_heap_init())
		panic("bench: no heap for the allocator");
	if (!arch_counter_freq())
		panic("bench: no counter frequency");

	bench_calibrate(BENCH_CAL_RUNS, &cal, &nops);
	printk("BENCH cal n=%u sum=%llu max=%u freq=%llu check=%u "
	       "checksum=%llu checkn=%u\n",
	       cal.n, cal.sum, cal.max,
	       (unsigned long long)arch_counter_freq(), BENCH_CHECK_NOPS,
	       nops.sum, nops.n);
	for (unsigned int wl = 0; wl < WL_COUNT; wl++) {
		run(wl, "first");
		run(wl, "again");
	}
	printk("BENCH done\n");
	board_exit(EXIT_PASS);
}
