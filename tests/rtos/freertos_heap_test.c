// SPDX-License-Identifier: MIT
/*
 * The FreeRTOS heap API (glue/freertos_heap.c) against the behaviour
 * FreeRTOS documents for heap_4/heap_5: pvPortMalloc/vPortFree/pvPortCalloc
 * and their counters, the malloc-failed hook, the free and minimum-ever
 * sizes and their reset, every HeapStats_t field, and heap_5's rules for
 * vPortDefineHeapRegions. Built against <mm/freertos_heap.h>, whose
 * declarations are FreeRTOS's portable.h ones.
 */
#include <baremm/errno.h>
#include <baremm/ktest.h>
#include <baremm/string.h>
#include <mm/freertos_heap.h>
#include <mm/mm.h>

#include "../../glue/heap_view.h" /* the weak mm/ entry points */

/* More than any address space holds, yet not rejected as absurd by size:
 * the page allocator has to say no (half of SIZE_MAX fits a 3 GiB heap). */
#define TOO_BIG (SIZE_MAX - 65536)
#define PAGE	(1UL << CONFIG_PAGE_SHIFT)
#define LARGE	(16 * PAGE) /* whole pages, twice the largest size class */

static unsigned int hook_calls;

void vApplicationMallocFailedHook(void)
{
	hook_calls++;
}

static void stats(HeapStats_t *s)
{
	vPortGetHeapStats(s);
}

static void malloc_free_counted(struct ktest *t)
{
	HeapStats_t a, b, c;
	unsigned int hooks = hook_calls;
	char *p;

	stats(&a);
	p = pvPortMalloc(100);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, (uintptr_t)p % 8, 0); /* portBYTE_ALIGNMENT */
	KTEST_EXPECT_GE(t, ksize(p), 100);
	stats(&b);
	KTEST_EXPECT_EQ(t, b.xNumberOfSuccessfulAllocations,
			a.xNumberOfSuccessfulAllocations + 1);
	KTEST_EXPECT_EQ(t, b.xNumberOfSuccessfulFrees,
			a.xNumberOfSuccessfulFrees);
	vPortFree(p + 16); /* not an object: reported, not counted */
	vPortFree(NULL);   /* nothing, not counted */
	stats(&c);
	KTEST_EXPECT_EQ(t, c.xNumberOfSuccessfulFrees,
			a.xNumberOfSuccessfulFrees);
	vPortFree(p);
	stats(&c);
	KTEST_EXPECT_EQ(t, c.xNumberOfSuccessfulFrees,
			a.xNumberOfSuccessfulFrees + 1);
	KTEST_EXPECT_EQ(t, c.xNumberOfSuccessfulAllocations,
			a.xNumberOfSuccessfulAllocations + 1);
	KTEST_EXPECT_EQ(t, hook_calls, hooks);
}

static void malloc_failed_hook(struct ktest *t)
{
	HeapStats_t a, b;
	unsigned int hooks = hook_calls;
	unsigned int want = IS_ENABLED(CONFIG_FREERTOS_MALLOC_FAILED_HOOK);

	stats(&a);
	KTEST_EXPECT_NULL(t, pvPortMalloc(TOO_BIG));
	KTEST_EXPECT_EQ(t, hook_calls, hooks + want);
	KTEST_EXPECT_NULL(t, pvPortMalloc(0)); /* heap_4: NULL and the hook */
	KTEST_EXPECT_EQ(t, hook_calls, hooks + 2 * want);
	KTEST_EXPECT_NULL(t, pvPortCalloc(SIZE_MAX / 2, 3)); /* no hook */
	KTEST_EXPECT_EQ(t, hook_calls, hooks + 2 * want);
	stats(&b);
	KTEST_EXPECT_EQ(t, b.xNumberOfSuccessfulAllocations,
			a.xNumberOfSuccessfulAllocations);
}

static void calloc_zeroed(struct ktest *t)
{
	HeapStats_t a, b;
	unsigned char *p;

	stats(&a);
	p = pvPortCalloc(30, 100);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_NULL(t, memchr_inv(p, 0, 3000));
	stats(&b);
	KTEST_EXPECT_EQ(t, b.xNumberOfSuccessfulAllocations,
			a.xNumberOfSuccessfulAllocations + 1);
	vPortFree(p);
}

/* Free size: whole free pages, falling by at least what was taken. */
static void free_and_minimum_ever(struct ktest *t)
{
	size_t f0, f1, f2, m1, m2;
	void *p;

	mm_drain();
	f0 = xPortGetFreeHeapSize();
	p = pvPortMalloc(LARGE);
	KTEST_ASSERT_NOT_NULL(t, p);
	f1 = xPortGetFreeHeapSize();
	m1 = xPortGetMinimumEverFreeHeapSize();
	KTEST_EXPECT_GE(t, f0 - f1, LARGE);
	KTEST_EXPECT_LE(t, m1, f1);
	vPortFree(p);
	mm_drain();
	f2 = xPortGetFreeHeapSize();
	m2 = xPortGetMinimumEverFreeHeapSize();
	KTEST_EXPECT_GE(t, f2 - f1, LARGE);
	KTEST_EXPECT_EQ(t, m2, m1); /* the minimum never rises */
}

static void reset_minimum_ever(struct ktest *t)
{
	size_t f, m0, m1, m2, m3;
	void *p;

	mm_drain();
	m0 = xPortGetMinimumEverFreeHeapSize();
	xPortResetHeapMinimumEverFreeHeapSize();
	f = xPortGetFreeHeapSize();
	m1 = xPortGetMinimumEverFreeHeapSize();
	KTEST_EXPECT_EQ(t, m1, f); /* restarted from the current size */
	KTEST_EXPECT_GE(t, m1, m0);
	p = pvPortMalloc(LARGE);
	KTEST_ASSERT_NOT_NULL(t, p);
	m2 = xPortGetMinimumEverFreeHeapSize();
	KTEST_EXPECT_LE(t, m2, f - LARGE);
	vPortFree(p);
	mm_drain();
	m3 = xPortGetMinimumEverFreeHeapSize();
	KTEST_EXPECT_EQ(t, m3, m2);
	if (!mm_reset_min_free)
		ktest_log(t, "mm_reset_min_free() missing: minimum after a "
			     "reset sampled by the glue (docs/embedding.md)");
}

struct run_sum {
	size_t count, smallest, largest, bytes;
};

static void sum_run(uintptr_t base, size_t bytes, void *arg)
{
	struct run_sum *r = arg;

	(void)base;
	r->count++;
	r->bytes += bytes;
	if (!r->smallest || bytes < r->smallest)
		r->smallest = bytes;
	if (bytes > r->largest)
		r->largest = bytes;
}

static void heap_stats_fields(struct ktest *t)
{
	struct run_sum runs = { 0 };
	struct mm_stats st;
	HeapStats_t s;

	mm_drain();
	stats(&s);
	KTEST_EXPECT_EQ(t, s.xAvailableHeapSpaceInBytes,
			xPortGetFreeHeapSize());
	KTEST_EXPECT_GE(t, s.xNumberOfFreeBlocks, 1);
	KTEST_EXPECT_GT(t, s.xSizeOfSmallestFreeBlockInBytes, 0);
	KTEST_EXPECT_LE(t, s.xSizeOfSmallestFreeBlockInBytes,
			s.xSizeOfLargestFreeBlockInBytes);
	KTEST_EXPECT_LE(t, s.xSizeOfLargestFreeBlockInBytes,
			s.xAvailableHeapSpaceInBytes);
	KTEST_EXPECT_EQ(t, s.xSizeOfLargestFreeBlockInBytes % PAGE, 0);
	KTEST_EXPECT_EQ(t, s.xSizeOfSmallestFreeBlockInBytes % PAGE, 0);
	KTEST_EXPECT_LE(t, s.xMinimumEverFreeBytesRemaining,
			s.xAvailableHeapSpaceInBytes);
	KTEST_EXPECT_GE(t, s.xNumberOfSuccessfulAllocations,
			s.xNumberOfSuccessfulFrees);
	if (!mm_for_each_free_run) {
		ktest_log(t, "mm_for_each_free_run() missing: free blocks "
			     "estimated from the largest (docs/embedding.md)");
		return;
	}
	/*
	 * Exact: the free blocks are the heap's free runs, they add up to
	 * the available space, and the largest is the one mm_get_stats()
	 * finds on its own. Nothing allocates between the readings.
	 */
	mm_for_each_free_run(sum_run, &runs);
	mm_get_stats(&st);
	KTEST_EXPECT_EQ(t, runs.bytes, s.xAvailableHeapSpaceInBytes);
	KTEST_EXPECT_EQ(t, runs.count, s.xNumberOfFreeBlocks);
	KTEST_EXPECT_EQ(t, runs.smallest, s.xSizeOfSmallestFreeBlockInBytes);
	KTEST_EXPECT_EQ(t, runs.largest, s.xSizeOfLargestFreeBlockInBytes);
	KTEST_EXPECT_EQ(t, st.largest_free_run,
			s.xSizeOfLargestFreeBlockInBytes);
}

/* heap_5's rules; the heap is already open here, so a good list is -EBUSY. */
static void define_regions_rules(struct ktest *t)
{
	static unsigned char ram[4 * PAGE] __attribute__((aligned(PAGE)));
	static HeapRegion_t many[70];
	uint8_t *a = ram;
	const HeapRegion_t unordered[] = {
		{a + 2 * PAGE, PAGE}, {a, PAGE}, {NULL, 0}};
	const HeapRegion_t overlapping[] = {
		{a, 2 * PAGE}, {a + PAGE, 2 * PAGE}, {NULL, 0}};
	const HeapRegion_t no_page[] = {{a + 1, PAGE - 2}, {NULL, 0}};
	const HeapRegion_t wraps[] = {
		{(uint8_t *)(UINTPTR_MAX - PAGE), 2 * PAGE}, {NULL, 0}};
	const HeapRegion_t good[] = {
		{a, PAGE}, {a + 2 * PAGE, 2 * PAGE}, {NULL, 0}};
	struct mm_stats before, after;

	for (unsigned int i = 0; i < ARRAY_SIZE(many); i++)
		many[i] = (HeapRegion_t){a + i, 1}; /* never ends */
	mm_get_stats(&before);
	KTEST_EXPECT_EQ(t, baremm_define_heap_regions(unordered), -EINVAL);
	KTEST_EXPECT_EQ(t, baremm_define_heap_regions(overlapping), -EINVAL);
	KTEST_EXPECT_EQ(t, baremm_define_heap_regions(no_page), -EINVAL);
	KTEST_EXPECT_EQ(t, baremm_define_heap_regions(wraps), -EINVAL);
	KTEST_EXPECT_EQ(t, baremm_define_heap_regions(many), -EINVAL);
	KTEST_EXPECT_EQ(t, baremm_define_heap_regions(good), -EBUSY);
	vPortDefineHeapRegions(good); /* reported, ignored */
	mm_get_stats(&after);
	KTEST_EXPECT_EQ(t, after.total_bytes, before.total_bytes);
}

static const struct ktest_case freertos_heap_cases[] = {
	KTEST_CASE(malloc_free_counted),  KTEST_CASE(malloc_failed_hook),
	KTEST_CASE(calloc_zeroed),	  KTEST_CASE(free_and_minimum_ever),
	KTEST_CASE(reset_minimum_ever),	  KTEST_CASE(heap_stats_fields),
	KTEST_CASE(define_regions_rules),
};
KTEST_SUITE(freertos_heap, freertos_heap_cases);
