/* SPDX-License-Identifier: MIT */
/*
 * Benchmark workloads (docs/benchmarks.md), shared by the host benchmark
 * (tools/bench/host_bench.c) and the target bench images
 * (tests/bench/target.c). A workload is a generator of an operation trace:
 * "allocate N bytes into slot k" or "free slot k". The trace depends only
 * on the workload, the pair count and the seed, never on the allocator, so
 * every allocator replays exactly the same sequence. It is made in chunks
 * outside the timed code; only the replay is measured.
 *
 * Freestanding: no libc, only <stddef.h> and <stdint.h>.
 */
#ifndef BENCH_WORKLOAD_H
#define BENCH_WORKLOAD_H

#include <stddef.h>
#include <stdint.h>

#define BENCH_MAX_SLOTS	1024	/* live objects at most, any workload */
#define BENCH_CHUNK	4096	/* ops per generated chunk */
#define BENCH_SEED	0x9e3779b9u

/* One operation: size > 0 allocates size bytes into slot, 0 frees slot. */
struct bench_op {
	uint32_t size;
	uint32_t slot;
};

enum bench_workload {
	WL_SMALL,	/* 8..256 B, 1024 live, replace a random one */
	WL_MIXED,	/* half 8..256 B, half 257 B..64 KiB, 256 live */
	WL_LIFO,	/* batches of 512 of 8..256 B, freed newest first */
	WL_FIFO,	/* batches of 512 of 8..256 B, freed oldest first */
	WL_COUNT
};

extern const char *const bench_wl_name[WL_COUNT];
extern const char *const bench_wl_desc[WL_COUNT];

struct bench_gen {
	unsigned int wl;
	uint32_t rng;		/* xorshift32 state */
	uint32_t pairs;		/* allocations (= frees) in the whole trace */
	uint32_t nslots;	/* live set (small, mixed) or batch (lifo, fifo) */
	uint32_t phase;		/* small/mixed: 0 fill, 1 replace, 2 drain */
	uint32_t i, n;		/* position and length of the current phase */
};

/* bench_gen_start - begin the trace of @wl with @pairs allocations. */
void bench_gen_start(struct bench_gen *g, unsigned int wl, uint32_t pairs,
		     uint32_t seed);
/*
 * bench_gen_fill - write the next ops (at most @max, >= 2) to @ops.
 * Return: how many; 0 once the trace is done. At the end of the trace
 * every slot has been freed, so allocations == frees == pairs.
 */
unsigned int bench_gen_fill(struct bench_gen *g, struct bench_op *ops,
			    unsigned int max);

#endif
