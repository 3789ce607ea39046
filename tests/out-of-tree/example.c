// SPDX-License-Identifier: MIT
/*
 * A program that uses baremm from its installed files only: <mm/mm.h>,
 * <mm/freertos_heap.h>, <mm/port.h> and libmm.a. It takes two blocks of
 * RAM from mmap, hands them over FreeRTOS-style with
 * vPortDefineHeapRegions() (which calls mm_add_region() and mm_init()),
 * then allocates through each API and checks the heap. Built for the host
 * board, as a Linux process; on a target the console would be the UART.
 *
 * The library asks the program for nothing (docs/porting.md): built with
 * -DEXAMPLE_NO_CONSOLE it defines no function for baremm at all, and the
 * allocator's reports go nowhere. Otherwise it has a console_putc(), which
 * the library's default report hook writes to. With -DEXAMPLE_SELFTEST it
 * runs mm_selftest() from libmm-selftest.a (and libmm-kernel.a) instead.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <mm/freertos_heap.h>
#include <mm/mm.h>
#include <mm/port.h>

/* ---- the port (docs/porting.md): a console, or nothing ----------------- */

/* Bytes written to the console, and the first of them: the reports. */
static size_t console_len;

#ifndef EXAMPLE_NO_CONSOLE
static char console_seen[4096];

void console_putc(char c);

void console_putc(char c)
{
	if (console_len < sizeof(console_seen) - 1)
		console_seen[console_len] = c;
	console_len++;
	if (c != '\r')
		putchar(c);
}
#endif

/* ---- the program ------------------------------------------------------ */

static int passed, failed;

#define CHECK(cond)                                                            \
	do {                                                                   \
		if (cond) {                                                    \
			passed++;                                              \
		} else {                                                       \
			failed++;                                              \
			printf("example: FAILED at line %d: %s\n", __LINE__,   \
			       #cond);                                         \
		}                                                              \
	} while (0)

static unsigned int malloc_failures;

void vApplicationMallocFailedHook(void)
{
	malloc_failures++;
}

static void *ram(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(2);
	}
	return p;
}

struct node {
	struct node *next;
	int value;
};

int main(void)
{
	uint8_t *a = ram(16u << 20), *b = ram(8u << 20);
	HeapRegion_t regions[3] = {
		{a < b ? a : b, a < b ? 16u << 20 : 8u << 20},
		{a < b ? b : a, a < b ? 8u << 20 : 16u << 20},
		{NULL, 0},
	};
	struct mm_stats st;
	HeapStats_t hs;
	struct kmem_cache *cache;
	struct node *head = NULL;
	char *s, *big;
	int local;
	void *al;

	/* heap_5's set-up; a second call is refused */
	vPortDefineHeapRegions(regions);
	CHECK(baremm_define_heap_regions(regions) != 0);
	mm_get_stats(&st);
	CHECK(st.total_bytes > 20u << 20);
	CHECK(st.total_bytes == st.free_bytes + st.used_bytes + st.meta_bytes);

#ifdef EXAMPLE_SELFTEST
	/* the allocator's KTAP suites on this "board" */
	CHECK(mm_selftest() == 0);
	printf("example: mm_selftest %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
#endif

	/* FreeRTOS API */
	s = pvPortMalloc(64);
	CHECK(s != NULL);
	strcpy(s, "pvPortMalloc");
	big = pvPortMalloc(1u << 20);
	CHECK(big != NULL && ksize(big) >= 1u << 20);
	CHECK(pvPortMalloc(64u << 20) == NULL && malloc_failures == 1);
	vPortGetHeapStats(&hs);
	CHECK(hs.xNumberOfSuccessfulAllocations == 2);
	CHECK(hs.xAvailableHeapSpaceInBytes == xPortGetFreeHeapSize());
	CHECK(hs.xSizeOfLargestFreeBlockInBytes <=
	      hs.xAvailableHeapSpaceInBytes);
	CHECK(hs.xMinimumEverFreeBytesRemaining <=
	      hs.xAvailableHeapSpaceInBytes);
	vPortFree(big);
	vPortFree(s);
	vPortGetHeapStats(&hs);
	CHECK(hs.xNumberOfSuccessfulFrees == 2);

	/* kmalloc family */
	s = kmalloc(100, GFP_KERNEL);
	CHECK(s != NULL && ksize(s) >= 100);
	s = krealloc(s, 5000, GFP_KERNEL);
	CHECK(s != NULL && ksize(s) >= 5000);
	kfree(s);
	al = kmalloc_aligned(300, 4096, GFP_KERNEL);
	CHECK(al != NULL && (uintptr_t)al % 4096 == 0);
	kfree(al);

	/* a cache of list nodes */
	cache = kmem_cache_create("example_node", sizeof(struct node), 0, 0,
				  NULL);
	CHECK(cache != NULL);
	for (int i = 0; cache && i < 1000; i++) {
		struct node *n = kmem_cache_alloc(cache, GFP_KERNEL);

		if (!n)
			break;
		n->value = i;
		n->next = head;
		head = n;
	}
	CHECK(head != NULL && head->value == 999);
	while (head) {
		struct node *n = head;

		head = n->next;
		kmem_cache_free(cache, n);
	}
	if (cache)
		kmem_cache_destroy(cache);

	/*
	 * A bad free is reported through mm_port_report(): to the console
	 * when there is one, nowhere when not; either way it is survived.
	 */
	console_len = 0;
	kfree(&local);
	mm_get_stats(&st);
	CHECK(st.bad_frees == 1);
#ifdef EXAMPLE_NO_CONSOLE
	CHECK(console_len == 0);
#else
	if (console_len >= sizeof(console_seen))
		console_len = sizeof(console_seen) - 1;
	console_seen[console_len] = '\0';
	CHECK(strstr(console_seen, "bad free") != NULL);
#endif

	mm_drain();
	CHECK(mm_validate() == 0);
	mm_get_stats(&st);
	CHECK(st.total_bytes == st.free_bytes + st.used_bytes + st.meta_bytes);
	CHECK(st.bad_frees == 1);
	printf("example: heap %zu KiB in %u arenas, free %zu KiB, metadata "
	       "%zu KiB\n",
	       st.total_bytes >> 10, st.arenas_mapped, st.free_bytes >> 10,
	       st.meta_bytes >> 10);
	printf("example: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
