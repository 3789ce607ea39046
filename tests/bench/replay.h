/* SPDX-License-Identifier: MIT */
/*
 * The timed replay loop, included by each allocator file after it has
 * defined BENCH_ALLOC(size) and BENCH_FREE(ptr), so that the allocator is
 * called directly, as a user would. Every call sits between two
 * arch_counter() reads; bench_calibrate() times the same window with
 * nothing in it, which the report subtracts.
 *
 * The counter ticks once every 40 instructions on mps2-an385 (SysTick at
 * 25 MHz) and every 16 on qemu-virt-a15 (62.5 MHz), under icount's one
 * instruction per nanosecond. A deterministic loop would meet the tick
 * at the same phase every time and round every call the same way, so
 * before each timed call bench_dither() runs 1..80 nops, uniformly at
 * random: then a call's expected tick count is exactly its length in
 * instructions over the tick's, and the mean over thousands of calls is
 * exact to a fraction of an instruction. A single call, and so the worst
 * one, is known to one tick.
 */
#include <baremm/arch.h>
#include <baremm/panic.h>
#include "bench.h"

#define BENCH_DITHER_SPAN 80	/* a multiple of 40 and of 16 */

static unsigned int dither_rng = 0x2545f491u;

#define NOP_(n)                                                               \
	case n:                                                               \
		__asm__ __volatile__("nop");                                  \
		__attribute__((fallthrough))
#define NOP10_(a, b, c, d, e, f, g, h, i, j)                                  \
	NOP_(a); NOP_(b); NOP_(c); NOP_(d); NOP_(e);                          \
	NOP_(f); NOP_(g); NOP_(h); NOP_(i); NOP_(j)

/* k + 1 nops for a k uniform in [0, BENCH_DITHER_SPAN). */
static inline void bench_dither(void)
{
	unsigned int x = dither_rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	dither_rng = x;
	switch ((unsigned int)(((unsigned long long)x * BENCH_DITHER_SPAN) >>
			       32)) {
	NOP10_(79, 78, 77, 76, 75, 74, 73, 72, 71, 70);
	NOP10_(69, 68, 67, 66, 65, 64, 63, 62, 61, 60);
	NOP10_(59, 58, 57, 56, 55, 54, 53, 52, 51, 50);
	NOP10_(49, 48, 47, 46, 45, 44, 43, 42, 41, 40);
	NOP10_(39, 38, 37, 36, 35, 34, 33, 32, 31, 30);
	NOP10_(29, 28, 27, 26, 25, 24, 23, 22, 21, 20);
	NOP10_(19, 18, 17, 16, 15, 14, 13, 12, 11, 10);
	NOP10_(9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
	default:
		break;
	}
}

#define BENCH_TIME(st, stmt)                                                  \
	do {                                                                  \
		u64 t0_, d_;                                                  \
		bench_dither();                                               \
		t0_ = arch_counter();                                         \
		stmt;                                                         \
		d_ = arch_counter() - t0_;                                    \
		if (d_ >= BENCH_GLITCH_TICKS) {                               \
			(st).glitches++;                                      \
			break;                                                \
		}                                                             \
		(st).n++;                                                     \
		(st).sum += d_;                                               \
		if (d_ > (st).max)                                            \
			(st).max = (unsigned int)d_;                          \
		(st).hist[d_ < BENCH_HIST ? d_ : BENCH_HIST - 1]++;           \
	} while (0)

void bench_replay(const struct bench_op *ops, unsigned int n, void **slots,
		  struct bench_result *r)
{
	for (unsigned int i = 0; i < n; i++) {
		unsigned int size = ops[i].size, s = ops[i].slot;
		void *p;

		if (size) {
			BENCH_TIME(r->alloc, p = BENCH_ALLOC(size));
			if (!p)
				panic("bench: out of memory at %u bytes", size);
			/* One word written, as a user would. */
			*(volatile uintptr_t *)p = i;
			slots[s] = p;
		} else {
			p = slots[s];
			BENCH_TIME(r->free, BENCH_FREE(p));
		}
	}
}

void bench_calibrate(unsigned int n, struct bench_stat *empty,
		     struct bench_stat *nops)
{
	for (unsigned int i = 0; i < n; i++) {
		BENCH_TIME(*empty, barrier());
		BENCH_TIME(*nops, __asm__ __volatile__(".rept " BENCH_STR(
			BENCH_CHECK_NOPS) "\n\tnop\n\t.endr" ::: "memory"));
	}
}
