// SPDX-License-Identifier: MIT
/*
 * Boot-time cases that a booted image cannot run, since its heap is open
 * before any test starts: calls before mm_init() or after a failed one,
 * reservation limits, regions too small for mm_init() or just enough, and
 * RAM layouts of several arenas. Built like
 * example.c, from the installed host library only (tests/out-of-tree/run),
 * and each case runs in a child process of its own, because mm_init() is
 * once per process. The console is kept in memory, so a case can check
 * what the allocator said; it is printed when a case fails, or always with
 * BAREMM_CONSOLE=1. Prints one line per case, "ok N name" or
 * "not ok N name", and exits non-zero if any case failed.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <mm/autoconf.h>
#include <mm/freertos_heap.h>
#include <mm/mm.h>
#include <mm/scan.h>

#define PAGE	  (1UL << CONFIG_PAGE_SHIFT)
#define ARENA	  (1UL << CONFIG_ARENA_SHIFT)
#define MIB	  (1UL << 20)
#define ENODEV	  19
#define ENOSPC	  28

/* ---- the port, with the console kept for the checks ------------------ */

void console_putc(char c);
void board_exit(int code);

static char console[1 << 16];
static size_t console_len;

void console_putc(char c)
{
	if (c == '\r')
		return;
	if (console_len + 1 < sizeof(console))
		console[console_len++] = c;
	if (getenv("BAREMM_CONSOLE"))
		putchar(c);
}

void board_exit(int code)
{
	fprintf(stderr, "boot_cases: board_exit(%d) from the allocator\n%s",
		code, console);
	exit(3);
}

/* Times @s appears in what the allocator printed. */
static unsigned int said(const char *s)
{
	unsigned int n = 0;

	console[console_len] = 0;
	for (const char *p = console; (p = strstr(p, s)); p++)
		n++;
	return n;
}

static int failed;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (!(cond)) {                                                 \
			failed++;                                              \
			printf("    # line %d: %s\n", __LINE__, #cond);        \
		}                                                              \
	} while (0)

/* RAM from mmap: @arenas arenas' worth of address space at an arena
 * boundary, committed only where touched. */
static uint8_t *ram(size_t arenas)
{
	size_t len = (arenas + 1) * ARENA;
	uint8_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return (uint8_t *)(((uintptr_t)p + ARENA - 1) & ~(ARENA - 1));
}

/* Allocate @size-byte objects until NULL, chained through their first
 * word; the chain, and the bytes in *@bytes. */
static void **fill(size_t size, size_t *bytes)
{
	void **head = NULL, **p;

	*bytes = 0;
	while ((p = kmalloc(size, GFP_KERNEL))) {
		*p = head;
		head = p;
		*bytes += size;
	}
	return head;
}

static void free_chain(void **p)
{
	while (p) {
		void **next = *p;

		kfree(p);
		p = next;
	}
}

static int stats_identity(void)
{
	struct mm_stats st;

	mm_get_stats(&st);
	return st.total_bytes == st.free_bytes + st.used_bytes + st.meta_bytes;
}

/* ---- D7: every entry point before a successful mm_init() -------------- */

static void call_everything_refused(void)
{
	static char buf[64];
	struct mm_stats st;
	unsigned long bad;

	mm_get_stats(&st);
	bad = st.bad_frees;
	CHECK(kmalloc(16, GFP_KERNEL) == NULL);
	CHECK(kzalloc(16, GFP_KERNEL) == NULL);
	CHECK(kmalloc(2000, GFP_KERNEL) == NULL);
	CHECK(kmalloc(1 * MIB, GFP_KERNEL) == NULL);
	CHECK(kcalloc(4, 8, GFP_KERNEL) == NULL);
	CHECK(kmalloc_aligned(100, 4096, GFP_KERNEL) == NULL);
	CHECK(krealloc(NULL, 100, GFP_KERNEL) == NULL);
	CHECK(alloc_pages_exact(3 * PAGE, GFP_KERNEL) == NULL);
	CHECK(kmem_cache_create("early", 64, 0, 0, NULL) == NULL);
	CHECK(pvPortMalloc(32) == NULL);
	CHECK(mm_validate() == -ENODEV);
	mm_drain();
	CHECK(mm_scan_leaks(0, NULL, NULL) == -ENODEV);
	CHECK(mm_gc(0) == -ENODEV);
	CHECK(mm_register_root(buf, sizeof(buf)) == -ENODEV);
	CHECK(ksize(buf) == 0);
	kfree(NULL);
	kfree(buf);		/* a bad free, reported */
	mm_get_stats(&st);
	CHECK(st.used_bytes == 0 && st.meta_bytes == 0);
	CHECK(st.bad_frees == bad + 1);
	CHECK(said("before a successful mm_init()") == 1);
}

static void early_calls_refused(void)
{
	uint8_t *r = ram(1);
	void *p;

	call_everything_refused();
	/* A region alone opens nothing either. */
	CHECK(mm_add_region((uintptr_t)r, 8 * MIB) == 0);
	call_everything_refused();
	CHECK(mm_init() == 0);
	p = kmalloc(16, GFP_KERNEL);
	CHECK(p != NULL);
	kfree(p);
	CHECK(mm_validate() == 0);
}

static void calls_after_failed_init_refused(void)
{
	uint8_t *r = ram(1);

	/* One page cannot hold the boot metadata. */
	CHECK(mm_add_region((uintptr_t)r + 4 * PAGE, PAGE) == 0);
	CHECK(mm_init() == -12);
	call_everything_refused();
	/* Nothing was kept: more RAM, and the heap opens. */
	CHECK(mm_add_region((uintptr_t)r + 16 * PAGE, 8 * MIB) == 0);
	CHECK(mm_init() == 0);
	CHECK(kmalloc(16, GFP_KERNEL) != NULL);
	CHECK(mm_validate() == 0);
}

/* ---- D7: vPortDefineHeapRegions() leaves nothing behind on failure ---- */

static void freertos_failed_definition_retried(void)
{
	uint8_t *r = ram(1);
	HeapRegion_t regions[10];
	char *p;

	CHECK(pvPortMalloc(32) == NULL);
	/* Nine regions: one more than memblock holds. */
	for (unsigned int i = 0; i < 9; i++)
		regions[i] = (HeapRegion_t){ r + i * 2 * MIB, MIB };
	regions[9] = (HeapRegion_t){ NULL, 0 };
	CHECK(baremm_define_heap_regions(regions) != 0);
	CHECK(pvPortMalloc(32) == NULL);
	/* The same list without the last one works. */
	regions[8] = (HeapRegion_t){ NULL, 0 };
	CHECK(baremm_define_heap_regions(regions) == 0);
	CHECK(!said("heap already open"));
	p = pvPortMalloc(32);
	CHECK(p != NULL);
	vPortFree(p);
	CHECK(xPortGetFreeHeapSize() > 7 * MIB);
	CHECK(mm_validate() == 0);
}

/* ---- D3: the reservation table keeps room for the boot block ---------- */

static void eight_reservations_then_init(void)
{
	uint8_t *r = ram(1);
	void *p;

	CHECK(mm_add_region((uintptr_t)r, 16 * MIB) == 0);
	for (unsigned int i = 0; i < 8; i++)
		CHECK(mm_reserve((uintptr_t)r + MIB + i * 2 * PAGE, PAGE) == 0);
	/* A ninth range is refused, with a message. */
	CHECK(mm_reserve((uintptr_t)r + 2 * MIB, PAGE) == -ENOSPC);
	CHECK(said("more than 8 reserved ranges") == 1);
	CHECK(mm_init() == 0);
	p = kmalloc(100, GFP_KERNEL);
	CHECK(p != NULL);
	kfree(p);
	CHECK(mm_validate() == 0);
	CHECK(stats_identity());
}

/* ---- D2: an arena that cannot be grown does not block those above ---- */

/*
 * Regions of 8, 1 and 16 MiB, each in an arena of its own; the 1 MiB one
 * reserved but for @left pages. Fill the heap with small objects: every
 * byte counted free is handed out, then a large object fits once they are
 * freed.
 */
static void three_arenas(size_t left)
{
	uint8_t *r = ram(3);
	uint8_t *a = r, *b = r + ARENA, *c = r + 2 * ARENA;
	struct mm_stats st;
	size_t total, got;
	void **chain, *big;

	CHECK(mm_add_region((uintptr_t)a, 8 * MIB) == 0);
	CHECK(mm_add_region((uintptr_t)b, MIB) == 0);
	CHECK(mm_add_region((uintptr_t)c, 16 * MIB) == 0);
	CHECK(mm_reserve((uintptr_t)b, MIB - left * PAGE) == 0);
	CHECK(mm_init() == 0);
	mm_get_stats(&st);
	total = st.free_bytes;
	chain = fill(256, &got);
	mm_get_stats(&st);
	printf("    # %zu KiB free at first, %zu KiB handed out, %zu KiB "
	       "free after, %u arenas\n", total >> 10, got >> 10,
	       st.free_bytes >> 10, st.arenas_mapped);
	/* What stays free is less than one span of the class, and what
	 * the metadata of the objects took. */
	CHECK(st.free_bytes < 64 * 1024);
	CHECK(got > total - total / 8);
	CHECK(mm_validate() == 0);
	CHECK(stats_identity());
	free_chain(chain);
	mm_drain();
	big = kmalloc(4 * MIB, GFP_KERNEL);
	CHECK(big != NULL);
	kfree(big);
	CHECK(mm_validate() == 0);
	CHECK(stats_identity());
}

static void reserved_middle_arena_skipped(void)
{
	three_arenas(0);
}

/* Two pages cannot hold their arena's metadata: it borrows pages of the
 * next arena, not yet grown. */
static void starved_arena_borrows_metadata(void)
{
	three_arenas(2);
}

/*
 * D4: a cache object freed with kfree() is not reported as live when the
 * cache goes. The report is bounded by the objects its size class holds
 * (mm/slab.c), so this holds on a heap whose class has no other object:
 * a fresh one.
 */
static void cache_object_freed_with_kfree(void)
{
	uint8_t *r = ram(1);
	struct kmem_cache *c, *d;
	void *p, *q;

	CHECK(mm_add_region((uintptr_t)r, 8 * MIB) == 0);
	CHECK(mm_init() == 0);
	c = kmem_cache_create("kfreed", 64, 0, 0, NULL);
	CHECK(c != NULL);
	p = kmem_cache_alloc(c, GFP_KERNEL);
	CHECK(p != NULL);
	kfree(p);
	kmem_cache_destroy(c);
	CHECK(!said("kmem_cache_destroy(kfreed)"));
	/* One really left is still reported. */
	d = kmem_cache_create("kept", 64, 0, 0, NULL);
	CHECK(d != NULL);
	q = kmem_cache_alloc(d, GFP_KERNEL);
	CHECK(q != NULL);
	kmem_cache_destroy(d);
	CHECK(said("kmem_cache_destroy(kept): up to 1 objects still "
		   "allocated") == 1);
	kfree(q);
	CHECK(mm_validate() == 0);
}

/* ---- Scale down: mm_init() on too-small and just-enough regions ------- */

/* The bytes the last "... need N B" message of mm_init() named; 0: none. */
static size_t said_need(void)
{
	const char *p = console, *q;

	console[console_len] = 0;
	while ((q = strstr(p, " need ")))
		p = q + 6;
	return p == console ? 0 : strtoul(p, NULL, 10);
}

/* mm_init() on the region [@r, @r + @size), grown from @had bytes (a
 * region that touches the last one merges with it). */
static int init_at(uint8_t *r, size_t had, size_t size)
{
	if (size > had)
		CHECK(mm_add_region((uintptr_t)r + had, size - had) == 0);
	return mm_init();
}

/*
 * A region too small fails with -ENOMEM and says how much it needs; the
 * need grows a little with the region (its arena's metadata), so the
 * region grows to what each message says, one page short first: the
 * smallest region that works is the one where one page less fails and
 * the figure no longer moves. mm_init() fails before it changes anything,
 * so one process can try again and again.
 */
static void init_smallest_region(void)
{
	uint8_t *r = ram(1);
	size_t size = 4 * PAGE, need, again;
	struct mm_stats st;
	void *p;

	CHECK(init_at(r, 0, size) == -12);
	need = said_need();
	CHECK(need > size);
	for (int i = 0; i < 8 && need > size; i++) {
		CHECK(init_at(r, size, need - PAGE) == -12);
		size = need - PAGE;
		again = said_need();
		CHECK(again >= need);
		if (again == need)
			break;
		need = again;
	}
	CHECK(init_at(r, size, need) == 0);
	printf("    # smallest region %zu B\n", need);
	CHECK(!said("panic") && !said("BUG"));
	mm_get_stats(&st);
	CHECK(st.arenas_mapped == 0);	/* mm_init grew none for itself */
	p = kmalloc(16, GFP_KERNEL);
	CHECK(p != NULL);
	kfree(p);
	CHECK(mm_validate() == 0);
	CHECK(stats_identity());
}

/*
 * Issue 15, D1: a first bank the image fills (all of it reserved) under a
 * larger one, each in an arena of its own. mm_init() used to grow the
 * first bank's arena for its CPU caches, fail, and panic.
 */
static void reserved_first_bank_opens(void)
{
	uint8_t *r = ram(2);
	struct mm_stats st;
	void *p;

	CHECK(mm_add_region((uintptr_t)r, MIB) == 0);
	CHECK(mm_reserve((uintptr_t)r, MIB) == 0);
	CHECK(mm_add_region((uintptr_t)r + ARENA, 32 * MIB) == 0);
	CHECK(mm_init() == 0);
	mm_get_stats(&st);
	CHECK(st.arenas_mapped == 0);
	p = kmalloc(16, GFP_KERNEL);
	CHECK(p != NULL);
	kfree(p);
	CHECK(mm_validate() == 0);
}

/*
 * Out of pages, kmalloc takes an object of a larger class with a free one
 * before it fails: fill a heap with 1000 B objects, free every other, and
 * ask for sizes whose own classes have no span and no page to make one.
 * A power of two keeps its natural alignment. 2 MiB: a smaller heap is a
 * tiny one, whose kmalloc has no classes (docs/design.md, "Tiny heaps").
 */
static void oom_borrows_a_larger_class(void)
{
	uint8_t *r = ram(1);
	void **chain, **kept = NULL, *p, *q;
	size_t got, big;

	CHECK(mm_add_region((uintptr_t)r, 2 * MIB) == 0);
	CHECK(mm_init() == 0);
	chain = fill(1000, &got);
	big = ksize(chain);
	for (unsigned int i = 0; chain; i++) {
		void **next = *chain;

		if (i % 2) {
			kfree(chain);
		} else {
			*chain = kept;
			kept = chain;
		}
		chain = next;
	}
	p = kmalloc(850, GFP_KERNEL);	/* its class is 896 B on 4 KiB pages */
	CHECK(p != NULL && ksize(p) == big);
	q = kmalloc(512, GFP_KERNEL);
	CHECK(q != NULL && ksize(q) == big && ((uintptr_t)q & 511) == 0);
	kfree(p);
	kfree(q);
	free_chain(kept);
	CHECK(mm_validate() == 0);
	CHECK(stats_identity());
}

/*
 * A span this CPU's cache owns stays its own when all its objects are
 * freed. Out of pages, a request takes such spans back before it fails:
 * fill the heap with 64 B objects, free them all, take and free one more
 * (its span stays this CPU's), fill the heap with @size B ones; at the
 * NULL no span of the 64 B class is left.
 */
static void oom_takes_back_spans_for(size_t size)
{
	uint8_t *r = ram(1);
	struct mm_stats st;
	void **chain;
	size_t got;

	CHECK(mm_add_region((uintptr_t)r, 256 * 1024) == 0);
	CHECK(mm_init() == 0);
	free_chain(fill(64, &got));
	/* One object: this CPU takes a span of the class, and keeps it,
	 * empty, after the free. */
	kfree(kmalloc(64, GFP_KERNEL));
	chain = fill(size, &got);
	CHECK(got > 0);
	mm_get_stats(&st);
	for (unsigned int c = 0; c < st.nr_classes; c++)
		if (st.cls[c].size == 64)
			CHECK(st.cls[c].spans == 0);
	free_chain(chain);
	CHECK(mm_validate() == 0);
	CHECK(stats_identity());
}

static void oom_takes_back_cached_spans(void)
{
	oom_takes_back_spans_for(2000);
}

/*
 * The same for a large object (a page run of its own). On a 64 KiB MCU
 * the empty spans a CPU keeps, one per class used, can be a third of the
 * heap.
 */
static void oom_large_takes_back_cached_spans(void)
{
	oom_takes_back_spans_for(64 * 1024);
}

/*
 * Issue 12: growing an arena does not zero its metadata block. Over RAM
 * full of junk (what metadata pages carved from freed objects hold), a
 * heap of two arenas is filled with large objects, then with small ones,
 * and emptied: mm_validate() checks every page state and span against
 * the free runs and that no span reaches past its arena's cleared heap
 * bitmap (hb_clean), and the page counts add up.
 */
static void grown_arena_over_junk(void)
{
	static void *big[48];
	uint8_t *r = ram(2);
	struct mm_stats st;
	void **chain;
	size_t got;

	memset(r, 0xa5, 8 * MIB);
	memset(r + ARENA, 0xa5, 8 * MIB);
	CHECK(mm_add_region((uintptr_t)r, 8 * MIB) == 0);
	CHECK(mm_add_region((uintptr_t)(r + ARENA), 8 * MIB) == 0);
	CHECK(mm_init() == 0);
	/* 48 objects of 256 KiB: more than the first arena's 8 MiB holds. */
	for (unsigned int n = 0; n < 48; n++) {
		big[n] = kmalloc(256 * 1024, GFP_KERNEL | __GFP_NOSCAN);
		CHECK(big[n] != NULL);
	}
	CHECK((uintptr_t)big[47] >= (uintptr_t)(r + ARENA));
	mm_get_stats(&st);
	CHECK(st.arenas_mapped == 2);
	CHECK(mm_validate() == 0);
	chain = fill(200, &got);
	CHECK(got > 0);
	CHECK(mm_validate() == 0);
	CHECK(stats_identity());
	free_chain(chain);
	for (unsigned int n = 0; n < 48; n++)
		kfree(big[n]);
	mm_drain();
	CHECK(mm_validate() == 0);
	CHECK(stats_identity());
}

/*
 * A heap of untyped objects keeps no heap bitmap: a small span's bits are
 * its slot layout, a large object's "all pointers", both implied by the
 * span. The first object that wants other bits (__GFP_NOSCAN) makes the
 * arena's chunk, which then says what the spans implied before.
 */
static void bitmap_chunk_on_first_noscan(void)
{
	uint8_t *r = ram(1);
	size_t region = 1 << 20, meta0;
	struct mm_object o;
	struct mm_stats st;
	void *small[64], *big, *ns;

	CHECK(mm_add_region((uintptr_t)r, region) == 0);
	CHECK(mm_init() == 0);
	for (unsigned int i = 0; i < 64; i++)
		CHECK((small[i] = kmalloc(16 + 24 * i, GFP_KERNEL)) != NULL);
	CHECK((big = kmalloc(40000, GFP_KERNEL)) != NULL);
	mm_get_stats(&st);
	meta0 = st.meta_bytes;
	/* Bits read from the spans: objects found from inner pointers,
	 * every one scanned. */
	for (unsigned int i = 0; i < 64; i += 7) {
		CHECK(mm_find_object((char *)small[i] + 8, &o) == 0 &&
		      o.base == small[i] && !(o.flags & MM_OBJ_NOSCAN));
	}
	CHECK(mm_find_object((char *)big + 30000, &o) == 0 && o.base == big &&
	      !(o.flags & MM_OBJ_NOSCAN));
	CHECK((ns = kmalloc(100, GFP_KERNEL | __GFP_NOSCAN)) != NULL);
	mm_get_stats(&st);
	/* The chunk: two bits per word of the region. */
	CHECK(st.meta_bytes - meta0 >= region / sizeof(void *) / 4);
	CHECK(mm_find_object(ns, &o) == 0 && (o.flags & MM_OBJ_NOSCAN));
	for (unsigned int i = 0; i < 64; i += 7) {
		CHECK(mm_find_object((char *)small[i] + 8, &o) == 0 &&
		      o.base == small[i] && !(o.flags & MM_OBJ_NOSCAN));
	}
	CHECK(mm_find_object((char *)big + 30000, &o) == 0 && o.base == big &&
	      !(o.flags & MM_OBJ_NOSCAN));
	for (unsigned int i = 0; i < 64; i++)
		kfree(small[i]);
	kfree(big);
	kfree(ns);
	CHECK(mm_validate() == 0);
	CHECK(stats_identity());
}

/*
 * A heap of 1 MiB or less is tiny: kmalloc's objects are chunks, counted
 * in the class of their size but in no span of it, and mm_init says so;
 * above, each class has its spans. Both give every page back.
 */
static void heap_size_picks_tiny(size_t region, bool tiny)
{
	uint8_t *r = ram(1);
	struct mm_stats st, before;
	void *a, *b;

	CHECK(mm_add_region((uintptr_t)r, region) == 0);
	CHECK(mm_init() == 0);
	CHECK(said("tiny-heap spans") == tiny);
	kfree(kmalloc(16, GFP_KERNEL));	/* the first arena's metadata */
	mm_drain();
	mm_get_stats(&before);
	a = kmalloc(112, GFP_KERNEL);
	b = kmalloc(700, GFP_KERNEL);
	CHECK(a && b && ksize(a) >= 112 && ksize(b) >= 700);
	mm_get_stats(&st);
	for (unsigned int c = 0; c < st.nr_classes; c++)
		if (st.cls[c].size == 112)
			CHECK(st.cls[c].live == 1 && st.cls[c].spans == !tiny);
	kfree(b);
	kfree(a);
	mm_drain();
	mm_get_stats(&st);
	/* Span structs for the classes' spans may have been made. */
	CHECK(st.free_bytes + st.meta_bytes ==
	      before.free_bytes + before.meta_bytes);
	CHECK(mm_validate() == 0);
	CHECK(stats_identity());
}

static void small_heap_is_tiny(void)
{
	heap_size_picks_tiny(MIB, true);
}

static void large_heap_keeps_its_classes(void)
{
	heap_size_picks_tiny(2 * MIB, false);
}

/* ---- the runner ------------------------------------------------------- */

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "early_calls_refused", early_calls_refused },
	{ "calls_after_failed_init_refused", calls_after_failed_init_refused },
	{ "freertos_failed_definition_retried",
	  freertos_failed_definition_retried },
	{ "eight_reservations_then_init", eight_reservations_then_init },
	{ "reserved_middle_arena_skipped", reserved_middle_arena_skipped },
	{ "starved_arena_borrows_metadata", starved_arena_borrows_metadata },
	{ "cache_object_freed_with_kfree", cache_object_freed_with_kfree },
	{ "init_smallest_region", init_smallest_region },
	{ "reserved_first_bank_opens", reserved_first_bank_opens },
	{ "oom_borrows_a_larger_class", oom_borrows_a_larger_class },
	{ "oom_takes_back_cached_spans", oom_takes_back_cached_spans },
	{ "oom_large_takes_back_cached_spans",
	  oom_large_takes_back_cached_spans },
	{ "grown_arena_over_junk", grown_arena_over_junk },
	{ "bitmap_chunk_on_first_noscan", bitmap_chunk_on_first_noscan },
	{ "small_heap_is_tiny", small_heap_is_tiny },
	{ "large_heap_keeps_its_classes", large_heap_keeps_its_classes },
};

int main(int argc, char **argv)
{
	unsigned int n = sizeof(cases) / sizeof(cases[0]), bad = 0;

	printf("1..%u\n", n);
	for (unsigned int i = 0; i < n; i++) {
		int status = 0;
		pid_t pid;

		if (argc > 1 && strcmp(argv[1], cases[i].name))
			continue;
		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			perror("fork");
			return 2;
		}
		if (pid == 0) {
			cases[i].fn();
			if (failed && !getenv("BAREMM_CONSOLE"))
				printf("    # console:\n%s", console);
			fflush(stdout);
			_exit(failed ? 1 : 0);
		}
		waitpid(pid, &status, 0);
		if (!WIFEXITED(status) || WEXITSTATUS(status)) {
			bad++;
			printf("not ok %u %s\n", i + 1, cases[i].name);
		} else {
			printf("ok %u %s\n", i + 1, cases[i].name);
		}
	}
	printf("boot_cases: %u passed, %u failed\n", n - bad, bad);
	return bad ? 1 : 0;
}
