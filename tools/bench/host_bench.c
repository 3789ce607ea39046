// SPDX-License-Identifier: MIT
/*
 * Host benchmark driver: replays the workloads of tests/bench/workload.c
 * against one allocator, picked at compile time (one binary each):
 *
 *   -DBENCH_BAREMM    kmalloc/kfree (libmm.a built without sanitizers)
 *   -DBENCH_GLIBC     glibc malloc/free
 *   -DBENCH_MIMALLOC  mi_malloc/mi_free (-lmimalloc)
 *   -DBENCH_JEMALLOC  malloc/free of Debian's jemalloc (-ljemalloc), which
 *                     exports unprefixed names and replaces glibc's
 *   -DBENCH_NONE      no allocator: the harness alone
 *
 * Every allocation and free goes through bench_alloc()/bench_free(), two
 * out-of-line functions, so that callgrind can count exactly what the
 * allocator executes (--toggle-collect=bench_alloc --toggle-collect=
 * bench_free); the harness then adds the same few instructions to every
 * allocator (the BENCH_NONE row). Built with -fno-optimize-sibling-calls
 * so that the wrappers call the allocator instead of jumping to it.
 *
 *   bench-<alloc> [--pairs N] [--reps R] [WORKLOAD...]
 *       warm-up pass, then R timed passes of N allocations each; prints
 *       "RESULT alloc=... wl=... pairs=... ns=<median> min=... max=..."
 *       with nanoseconds per pair (one allocation plus one free)
 *   bench-<alloc> --callgrind [--pairs N] WORKLOAD
 *       warm-up pass, CALLGRIND_ZERO_STATS, one pass: run it under
 *       valgrind --tool=callgrind --collect-atstart=no --toggle-collect=...
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <valgrind/callgrind.h>

#include "workload.h"

#if defined(BENCH_BAREMM)
#include <mm/mm.h>
#define ALLOC_NAME "baremm"
#define ALLOC(n) kmalloc(n, GFP_KERNEL)
#define FREE(p) kfree(p)
#define HEAP_MIB 256

static void alloc_init(void)
{
	size_t size = (size_t)HEAP_MIB << 20;
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED || mm_add_region((uintptr_t)p, size) ||
	    mm_init()) {
		fprintf(stderr, "bench: baremm heap set-up failed\n");
		exit(1);
	}
}

#elif defined(BENCH_GLIBC)
#include <gnu/libc-version.h>
#define ALLOC_NAME "glibc"
#define ALLOC(n) malloc(n)
#define FREE(p) free(p)

static void alloc_init(void)
{
	fprintf(stderr, "bench: glibc %s malloc\n", gnu_get_libc_version());
}

#elif defined(BENCH_MIMALLOC)
#include <mimalloc.h>
#define ALLOC_NAME "mimalloc"
#define ALLOC(n) mi_malloc(n)
#define FREE(p) mi_free(p)

static void alloc_init(void)
{
	fprintf(stderr, "bench: mimalloc %d\n", mi_version());
}

#elif defined(BENCH_JEMALLOC)
#define ALLOC_NAME "jemalloc"
#define ALLOC(n) malloc(n)
#define FREE(p) free(p)
/* Debian's libjemalloc exports mallctl unprefixed, like malloc. */
int mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp,
	    size_t newlen);

static void alloc_init(void)
{
	const char *v = NULL;
	size_t len = sizeof(v);

	/* Proves that malloc is jemalloc's, not glibc's. */
	if (mallctl("version", &v, &len, NULL, 0) || !v) {
		fprintf(stderr, "bench: jemalloc is not linked\n");
		exit(1);
	}
	fprintf(stderr, "bench: jemalloc %s\n", v);
}

#elif defined(BENCH_NONE)
#define ALLOC_NAME "none"
static uintptr_t none_obj[2];
#define ALLOC(n) ((void)(n), (void *)none_obj)
#define FREE(p) ((void)(p))

static void alloc_init(void)
{
}

#else
#error "pick an allocator: -DBENCH_BAREMM, _GLIBC, _MIMALLOC, _JEMALLOC, _NONE"
#endif

void *bench_alloc(size_t n);
void bench_free(void *p);

__attribute__((noinline)) void *bench_alloc(size_t n)
{
	void *p = ALLOC(n);

	__asm__ __volatile__("" ::: "memory");
	return p;
}

__attribute__((noinline)) void bench_free(void *p)
{
	FREE(p);
	__asm__ __volatile__("" ::: "memory");
}

static struct bench_op ops[BENCH_CHUNK];
static void *slots[BENCH_MAX_SLOTS];

/* The measured loop. Each new object gets one word written, as a user
 * would; the allocators that keep headers touch the memory anyway. */
static void replay(unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		uint32_t size = ops[i].size, s = ops[i].slot;

		if (size) {
			void *p = bench_alloc(size);

			if (!p) {
				fprintf(stderr, "bench: %s: out of memory\n",
					ALLOC_NAME);
				exit(1);
			}
			*(volatile uintptr_t *)p = i;
			slots[s] = p;
		} else {
			bench_free(slots[s]);
		}
	}
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* One pass of workload @wl; returns the replay's nanoseconds per pair. */
static double pass(unsigned int wl, uint32_t pairs, uint32_t *done)
{
	struct bench_gen g;
	uint64_t ns = 0;
	unsigned int n;

	bench_gen_start(&g, wl, pairs, BENCH_SEED);
	while ((n = bench_gen_fill(&g, ops, BENCH_CHUNK))) {
		uint64_t t0 = now_ns();

		replay(n);
		ns += now_ns() - t0;
	}
	*done = g.pairs;
	return (double)ns / g.pairs;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int wl_of(const char *name)
{
	for (int i = 0; i < WL_COUNT; i++)
		if (!strcmp(name, bench_wl_name[i]))
			return i;
	fprintf(stderr, "bench: unknown workload '%s'\n", name);
	exit(2);
}

int main(int argc, char **argv)
{
	uint32_t pairs = 1000000, done;
	int reps = 5, callgrind = 0, nwl = 0, wls[WL_COUNT];

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--callgrind"))
			callgrind = 1;
		else if (!strcmp(argv[i], "--pairs") && i + 1 < argc)
			pairs = (uint32_t)strtoul(argv[++i], NULL, 0);
		else if (!strcmp(argv[i], "--reps") && i + 1 < argc)
			reps = atoi(argv[++i]);
		else if (nwl < WL_COUNT)
			wls[nwl++] = wl_of(argv[i]);
	}
	if (!nwl)
		for (; nwl < WL_COUNT; nwl++)
			wls[nwl] = nwl;
	if (reps < 1 || reps > 99)
		reps = 5;
	alloc_init();

	if (callgrind) {
		pass((unsigned int)wls[0], pairs, &done);	/* warm-up */
		CALLGRIND_ZERO_STATS;
		pass((unsigned int)wls[0], pairs, &done);
		printf("CALLGRIND alloc=%s wl=%s pairs=%u\n", ALLOC_NAME,
		       bench_wl_name[wls[0]], done);
		return 0;
	}
	for (int w = 0; w < nwl; w++) {
		double ns[99];

		pass((unsigned int)wls[w], pairs, &done);	/* warm-up */
		for (int r = 0; r < reps; r++)
			ns[r] = pass((unsigned int)wls[w], pairs, &done);
		qsort(ns, (size_t)reps, sizeof(ns[0]), cmp_double);
		printf("RESULT alloc=%s wl=%s pairs=%u reps=%d ns=%.2f "
		       "min=%.2f max=%.2f\n",
		       ALLOC_NAME, bench_wl_name[wls[w]], done, reps,
		       ns[reps / 2], ns[0], ns[reps - 1]);
		fflush(stdout);
	}
	return 0;
}
