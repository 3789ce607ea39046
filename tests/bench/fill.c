// SPDX-License-Identifier: MIT
/*
 * start_kernel of a fill image (docs/benchmarks.md, "fill"): how much of
 * one region of RAM an allocator hands out before its first NULL. The
 * image boots, lets the board describe its RAM (mm_add_region() and
 * mm_reserve() are wrapped at link time, -Wl,--wrap: only recorded here),
 * takes one free stretch of the asked size from it, gives that stretch
 * alone to the allocator of this image (fill.h) and runs one workload:
 *
 *   logu   allocate until the first NULL, sizes log-uniform 16 B..1 KiB
 *          (an octave picked uniformly, then a size uniformly inside it)
 *   fix32  the same with 32 B objects
 *   churn  fill to the first NULL, free a random half, refill to the
 *          first NULL, FILL_ROUNDS times
 *
 * One boot per region size and workload: the allocator starts fresh. The
 * size and workload come from the semihosting command line (QEMU's
 * -append): "<bytes> <workload>", bytes 0 meaning the board's largest
 * free stretch (its real heap). Objects are chained through their own
 * first words, so the image needs no table as large as the heap.
 *
 * Output, for tools/bench/run:
 *   FILL alloc=<name> region=<bytes> wl=<name> objs=.. bytes=..
 *        [rounds=.. live_sum=..]   (churn: live bytes at each refill's
 *                                   NULL, summed over the rounds)
 *   FILL skip region=<bytes> largest=<bytes>   (the board lacks the RAM)
 * A region the allocator refuses reads objs=0 bytes=0.
 */
#include <asm/semihost.h>
#include <baremm/board.h>
#include <baremm/exit.h>
#include <baremm/panic.h>
#include <baremm/printk.h>
#include <baremm/string.h>
#include <mm/mm.h>

#include "fill.h"

#define FILL_ROUNDS	100
#define FILL_ALIGN	4096u	/* a region starts on a page of any board */
#define FILL_MAX_RANGES	8

void __noreturn start_kernel(void);
int __wrap_mm_add_region(uintptr_t base, size_t size);
int __wrap_mm_reserve(uintptr_t base, size_t size);

/* The board's RAM and reservations, [start, end) in bytes. */
static struct { uintptr_t start, end; } ram[FILL_MAX_RANGES],
	rsv[FILL_MAX_RANGES];
static unsigned int nram, nrsv;

int __wrap_mm_add_region(uintptr_t base, size_t size)
{
	if (nram == FILL_MAX_RANGES)
		return -1;
	ram[nram].start = base;
	ram[nram++].end = base + size;
	return 0;
}

int __wrap_mm_reserve(uintptr_t base, size_t size)
{
	if (nrsv == FILL_MAX_RANGES)
		return -1;
	rsv[nrsv].start = base;
	rsv[nrsv++].end = base + size;
	return 0;
}

/*
 * The first free stretch of RAM that holds @size bytes from a FILL_ALIGN
 * boundary, or with @size 0 the largest stretch, whole and where it is. Its base in
 * *@base, its length in *@len (0: none fits). Return: the largest
 * stretch's length.
 */
static size_t fill_pick(size_t size, uintptr_t *base, size_t *len)
{
	uintptr_t best = 0;
	size_t largest = 0;

	*len = 0;
	for (unsigned int i = 0; i < nram; i++) {
		for (uintptr_t s = ram[i].start, e; s < ram[i].end; s = e) {
			uintptr_t a;

			e = ram[i].end;
			for (unsigned int j = 0; j < nrsv; j++) {
				if (rsv[j].start <= s && s < rsv[j].end)
					s = rsv[j].end;
				else if (rsv[j].start > s && rsv[j].start < e)
					e = rsv[j].start;
			}
			/* The board's heap as the board hands it over; a
			 * region of a given size on a page of any board. */
			a = size ? (s + FILL_ALIGN - 1) &
					   ~(uintptr_t)(FILL_ALIGN - 1)
				 : s;
			if (s >= e || a >= e)
				continue;
			if (e - a > largest) {
				largest = e - a;
				best = a;
			}
			if (size && !*len && e - a >= size) {
				*base = a;
				*len = size;
			}
		}
	}
	if (!size && largest) {
		*base = best;
		*len = largest;
	}
	return largest;
}

static u32 rng = 0x9e3779b9u;

static u32 fill_random(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

/* 16 B..1 KiB, log-uniform: an octave [16 << k, 32 << k), k < 6, then a
 * size uniformly inside it. */
static size_t fill_size(int fixed)
{
	size_t lo;

	if (fixed)
		return (size_t)fixed;
	lo = (size_t)16 << (fill_random() % 6);
	return lo + fill_random() % lo;
}

/* Objects chained through their first two words: next, size. */
struct fill_obj {
	struct fill_obj *next;
	size_t size;
};

static struct fill_obj *live;
static unsigned long live_objs, live_bytes;

/* Allocate until the first NULL. */
static void fill_up(int fixed)
{
	for (;;) {
		size_t n = fill_size(fixed);
		struct fill_obj *o = fill_alloc(n);

		if (!o)
			return;
		o->next = live;
		o->size = n;
		live = o;
		live_objs++;
		live_bytes += n;
	}
}

/* Free each live object with probability one half. */
static void fill_free_half(void)
{
	struct fill_obj **link = &live;

	while (*link) {
		struct fill_obj *o = *link;

		if (fill_random() & 1) {
			*link = o->next;
			live_objs--;
			live_bytes -= o->size;
			fill_free(o);
		} else {
			link = &o->next;
		}
	}
}

/* The semihosting command line: "<image> <bytes> <workload>". */
static void fill_args(size_t *size, const char **wl)
{
	static char buf[160];
	struct { char *buf; long len; } blk = { buf, sizeof(buf) - 1 };
	char *p = buf;

	if (arm_semihost(SEMIHOST_SYS_GET_CMDLINE, &blk))
		panic("fill: no semihosting command line");
	buf[blk.len] = 0;
	while (*p && *p != ' ')		/* the image's name */
		p++;
	while (*p == ' ')
		p++;
	*size = 0;
	while (*p >= '0' && *p <= '9')
		*size = *size * 10 + (size_t)(*p++ - '0');
	while (*p == ' ')
		p++;
	*wl = p;
}

void start_kernel(void)
{
	uintptr_t base = 0;
	size_t size, len, largest;
	const char *wl;

	board_early_init();
	board_setup_memory();
	fill_args(&size, &wl);
	largest = fill_pick(size, &base, &len);
	if (!len) {
		printk("FILL skip region=%zu largest=%zu\n", size, largest);
		board_exit(EXIT_PASS);
	}
	if (fill_heap_init(base, len)) {
		printk("FILL alloc=%s region=%zu wl=%s objs=0 bytes=0 "
		       "(the allocator refused the region)\n", fill_name, len,
		       wl);
		board_exit(EXIT_PASS);
	}
	if (!strcmp(wl, "logu") || !strcmp(wl, "fix32")) {
		fill_up(wl[0] == 'f' ? 32 : 0);
		fill_stats();
		printk("FILL alloc=%s region=%zu wl=%s objs=%lu bytes=%lu\n",
		       fill_name, len, wl, live_objs, live_bytes);
	} else if (!strcmp(wl, "churn")) {
		unsigned long long sum = 0;

		fill_up(0);
		for (unsigned int r = 0; r < FILL_ROUNDS; r++) {
			fill_free_half();
			fill_up(0);
			sum += live_bytes;
		}
		fill_stats();
		printk("FILL alloc=%s region=%zu wl=%s objs=%lu bytes=%lu "
		       "rounds=%u live_sum=%llu\n", fill_name, len, wl,
		       live_objs, live_bytes, FILL_ROUNDS, sum);
	} else {
		panic("fill: unknown workload '%s'", wl);
	}
	board_exit(EXIT_PASS);
}
