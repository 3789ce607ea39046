// SPDX-License-Identifier: MIT
/*
 * The benchmark workloads as trace generators; workload.h says what they
 * are for. Sizes:
 *   small: uniform 8..256 bytes
 *   mixed: half small, half 2^e + uniform(1..2^e) for e uniform in 8..15,
 *          that is 257 B .. 64 KiB with every octave equally likely
 * small and mixed fill their live set, then replace a random live object
 * (free it, allocate a new size into its slot) until @pairs allocations
 * were made, then free every slot in order. lifo and fifo allocate a batch
 * and free it newest first or oldest first, @pairs / batch times.
 */
#include "workload.h"

#define SMALL_SLOTS 1024
#define MIXED_SLOTS 256
#define BATCH	    512

_Static_assert(SMALL_SLOTS <= BENCH_MAX_SLOTS && BATCH <= BENCH_MAX_SLOTS,
	       "slots fit the replay table");

const char *const bench_wl_name[WL_COUNT] = {
	[WL_SMALL] = "small",
	[WL_MIXED] = "mixed",
	[WL_LIFO] = "lifo",
	[WL_FIFO] = "fifo",
};

const char *const bench_wl_desc[WL_COUNT] = {
	[WL_SMALL] = "8..256 B, 1024 live, random replacement",
	[WL_MIXED] = "half 8..256 B, half 257 B..64 KiB, 256 live",
	[WL_LIFO] = "batches of 512 x 8..256 B, freed newest first",
	[WL_FIFO] = "batches of 512 x 8..256 B, freed oldest first",
};

static uint32_t rnd(struct bench_gen *g)
{
	uint32_t x = g->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return g->rng = x;
}

/* Uniform in [0, n), without a division. */
static uint32_t below(struct bench_gen *g, uint32_t n)
{
	return (uint32_t)(((uint64_t)rnd(g) * n) >> 32);
}

static uint32_t small_size(struct bench_gen *g)
{
	return 8 + below(g, 249);
}

static uint32_t gen_size(struct bench_gen *g)
{
	uint32_t e;

	if (g->wl != WL_MIXED || (rnd(g) & 1))
		return small_size(g);
	e = 8 + below(g, 8);
	return (1u << e) + 1 + below(g, 1u << e);
}

void bench_gen_start(struct bench_gen *g, unsigned int wl, uint32_t pairs,
		     uint32_t seed)
{
	g->wl = wl;
	g->rng = seed ? seed : 1;
	g->phase = 0;
	g->i = 0;
	if (wl == WL_SMALL || wl == WL_MIXED) {
		g->nslots = wl == WL_SMALL ? SMALL_SLOTS : MIXED_SLOTS;
		if (pairs < g->nslots)
			pairs = g->nslots;
		g->n = g->nslots;
	} else {
		g->nslots = BATCH;
		pairs = pairs < BATCH ? BATCH : pairs - pairs % BATCH;
		g->n = pairs / BATCH;	/* batches */
	}
	g->pairs = pairs;
}

static unsigned int fill_live(struct bench_gen *g, struct bench_op *ops,
			      unsigned int max)
{
	unsigned int k = 0;

	while (k + 2 <= max) {
		if (g->i == g->n) {
			if (g->phase == 2)
				break;
			g->phase++;
			g->i = 0;
			g->n = g->phase == 1 ? g->pairs - g->nslots
					     : g->nslots;
			continue;
		}
		if (g->phase == 0) {		/* fill */
			ops[k].size = gen_size(g);
			ops[k++].slot = g->i;
		} else if (g->phase == 1) {	/* replace */
			uint32_t s = below(g, g->nslots);

			ops[k].size = 0;
			ops[k++].slot = s;
			ops[k].size = gen_size(g);
			ops[k++].slot = s;
		} else {			/* drain */
			ops[k].size = 0;
			ops[k++].slot = g->i;
		}
		g->i++;
	}
	return k;
}

/* One op of batch position g->phase (0 .. 2 * BATCH - 1) of batch g->i. */
static unsigned int fill_batch(struct bench_gen *g, struct bench_op *ops,
			       unsigned int max)
{
	unsigned int k = 0;

	while (k < max && g->i < g->n) {
		uint32_t j = g->phase;

		if (j < BATCH) {
			ops[k].size = small_size(g);
			ops[k++].slot = j;
		} else {
			j -= BATCH;
			ops[k].size = 0;
			ops[k++].slot = g->wl == WL_LIFO ? BATCH - 1 - j : j;
		}
		if (++g->phase == 2 * BATCH) {
			g->phase = 0;
			g->i++;
		}
	}
	return k;
}

unsigned int bench_gen_fill(struct bench_gen *g, struct bench_op *ops,
			    unsigned int max)
{
	if (g->wl == WL_SMALL || g->wl == WL_MIXED)
		return fill_live(g, ops, max);
	return fill_batch(g, ops, max);
}
