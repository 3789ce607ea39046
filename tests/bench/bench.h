/* SPDX-License-Identifier: MIT */
/*
 * Target bench images (docs/benchmarks.md): tests/bench/target.c is the
 * image's start_kernel and drives the workloads; one allocator file per
 * image (alloc_baremm.c, alloc_newlib.c) sets up its heap and replays the
 * trace through replay.h, timing every call with arch_counter().
 */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <baremm/types.h>
#include "workload.h"

/*
 * Counter ticks of one kind of call: how many, their sum, the largest.
 * A reading that went backwards, or forwards by more than
 * BENCH_GLITCH_TICKS, is a fault of the counter, not a call's length:
 * mps2's SysTick-based arch_counter() can read one 2^24-tick period low
 * around a wrap under icount. Such calls are counted in @glitches and
 * left out of the others.
 */
#define BENCH_HIST 256	/* ticks; longer calls count in the last bucket */

struct bench_stat {
	unsigned int n;
	unsigned int max;
	unsigned long long sum;
	unsigned int glitches;
	unsigned int hist[BENCH_HIST];	/* calls by length in ticks */
};

#define BENCH_GLITCH_TICKS (1ull << 23)

struct bench_result {
	struct bench_stat alloc, free;
};

/* bench_heap_init - give the allocator its heap; after mm_init(). */
int bench_heap_init(void);
/* bench_replay - run @n ops of the trace, timing each call into @r. */
void bench_replay(const struct bench_op *ops, unsigned int n, void **slots,
		  struct bench_result *r);
/*
 * bench_calibrate - @n timed empty windows into @empty: the cost of the
 * timing itself, which the report subtracts; and @n windows around
 * BENCH_CHECK_NOPS nops into @nops, which must come out as that many
 * instructions more: the report's check of the method.
 */
#define BENCH_CHECK_NOPS 100
#define BENCH_STR_(x) #x
#define BENCH_STR(x) BENCH_STR_(x)
void bench_calibrate(unsigned int n, struct bench_stat *empty,
		     struct bench_stat *nops);

#endif
