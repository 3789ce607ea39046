// SPDX-License-Identifier: MIT
/*
 * FreeRTOS's heap API on baremm (CONFIG_FREERTOS_HEAP): link this in place
 * of portable/MemMang/heap_4.c or heap_5.c. pvPortMalloc and vPortFree are
 * kmalloc and kfree, so they are IRQ-safe and need no scheduler
 * suspension; vPortDefineHeapRegions is heap_5's set-up on mm_add_region
 * and mm_init. Declarations: <mm/freertos_heap.h>, the same as FreeRTOS's.
 *
 * Behaviour kept from heap_4/heap_5:
 *   pvPortMalloc(0)        NULL, and the malloc-failed hook, as heap_4
 *   pvPortCalloc overflow  NULL without the hook, as heap_4
 *   vPortFree(NULL)        nothing, and not counted
 *   alignment              at least 8 (portBYTE_ALIGNMENT); 16 on 64-bit
 * Differences:
 *   a bad vPortFree        reported by kfree and ignored, not configASSERT;
 *                          not counted as a successful free
 *   heap regions           rounded inwards to whole pages; a region with no
 *                          whole page adds nothing
 *   free sizes             whole free pages: free space inside a span of
 *                          small objects counts as used, as heap_4 counts
 *                          its block headers as used (docs/embedding.md)
 */
#include <baremm/errno.h>
#include <baremm/printk.h>
#include <mm/freertos_heap.h>
#include <mm/mm.h>

#include "heap_view.h"

/* vPortDefineHeapRegions reads at most this many regions before the end. */
#define MAX_HEAP_REGIONS 64
#define GLUE_PAGE_SIZE	 (1UL << CONFIG_PAGE_SHIFT)

static size_t nr_allocs, nr_frees; /* HeapStats_t counters (atomic) */

/*
 * Without mm_reset_min_free() (heap_view.h) the glue keeps the mark after
 * a reset itself: the free size at the reset, lowered by every reading the
 * glue makes and by the heap's own mark once that falls below where it was
 * at the reset. Readings between two calls here can be missed, so it is an
 * upper bound of the true minimum until mm/ provides the reset.
 */
static struct {
	int active;	 /* a reset happened and mm/ cannot restart */
	size_t mark;	 /* lowest free size seen since the reset */
	size_t heap_min; /* the heap's min_free_bytes at the reset */
} reset_mark;

void __weak vApplicationMallocFailedHook(void)
{
}

static void *failed(void)
{
	if (IS_ENABLED(CONFIG_FREERTOS_MALLOC_FAILED_HOOK))
		vApplicationMallocFailedHook();
	return NULL;
}

void *pvPortMalloc(size_t xWantedSize)
{
	void *p = xWantedSize ? kmalloc(xWantedSize, GFP_KERNEL) : NULL;

	if (!p)
		return failed();
	__atomic_fetch_add(&nr_allocs, 1, __ATOMIC_RELAXED);
	return p;
}

void *pvPortCalloc(size_t xNum, size_t xSize)
{
	void *p;

	if (xSize && xNum > SIZE_MAX / xSize)
		return NULL;
	if (!xNum || !xSize)
		return failed();
	p = kzalloc(xNum * xSize, GFP_KERNEL);
	if (!p)
		return failed();
	__atomic_fetch_add(&nr_allocs, 1, __ATOMIC_RELAXED);
	return p;
}

void vPortFree(void *pv)
{
	if (!pv)
		return;
	/* ksize() is 0 for anything but a live object's start: then kfree
	 * reports it, and it is no successful free. */
	if (ksize(pv))
		__atomic_fetch_add(&nr_frees, 1, __ATOMIC_RELAXED);
	kfree(pv);
}

void vPortInitialiseBlocks(void)
{
}

/* The heap's low-water mark, or the glue's own after a reset. */
static size_t min_ever_free(const struct mm_stats *st)
{
	if (!reset_mark.active)
		return st->min_free_bytes;
	if (st->free_bytes < reset_mark.mark)
		reset_mark.mark = st->free_bytes;
	if (st->min_free_bytes < reset_mark.heap_min &&
	    st->min_free_bytes < reset_mark.mark)
		reset_mark.mark = st->min_free_bytes;
	return reset_mark.mark;
}

size_t xPortGetFreeHeapSize(void)
{
	struct mm_stats st;

	mm_get_stats(&st);
	(void)min_ever_free(&st);
	return st.free_bytes;
}

size_t xPortGetMinimumEverFreeHeapSize(void)
{
	struct mm_stats st;

	mm_get_stats(&st);
	return min_ever_free(&st);
}

void xPortResetHeapMinimumEverFreeHeapSize(void)
{
	struct mm_stats st;

	if (mm_reset_min_free) {
		mm_reset_min_free();
		reset_mark.active = 0;
		return;
	}
	mm_get_stats(&st);
	reset_mark.mark = st.free_bytes;
	reset_mark.heap_min = st.min_free_bytes;
	reset_mark.active = 1;
}

void vPortGetHeapStats(HeapStats_t *pxHeapStats)
{
	struct free_runs runs;
	struct mm_stats st;

	mm_get_stats(&st);
	free_runs_get(&st, &runs);
	pxHeapStats->xAvailableHeapSpaceInBytes = st.free_bytes;
	pxHeapStats->xSizeOfLargestFreeBlockInBytes = runs.largest;
	pxHeapStats->xSizeOfSmallestFreeBlockInBytes = runs.smallest;
	pxHeapStats->xNumberOfFreeBlocks = runs.count;
	pxHeapStats->xMinimumEverFreeBytesRemaining = min_ever_free(&st);
	pxHeapStats->xNumberOfSuccessfulAllocations =
		__atomic_load_n(&nr_allocs, __ATOMIC_RELAXED);
	pxHeapStats->xNumberOfSuccessfulFrees =
		__atomic_load_n(&nr_frees, __ATOMIC_RELAXED);
}

/* Whole pages inside [start, start + size). */
static size_t whole_pages(uintptr_t start, size_t size)
{
	uintptr_t lo = (start + GLUE_PAGE_SIZE - 1) & ~(GLUE_PAGE_SIZE - 1);
	uintptr_t hi = (start + size) & ~(GLUE_PAGE_SIZE - 1);

	if (start > UINTPTR_MAX - (GLUE_PAGE_SIZE - 1))
		return 0;
	return hi > lo ? (hi - lo) / GLUE_PAGE_SIZE : 0;
}

/* heap_5's rules, checked before anything is added. */
static int check_regions(const HeapRegion_t *regions, const char **why)
{
	uintptr_t prev_end = 0;
	size_t pages = 0;
	unsigned int i;

	for (i = 0;; i++) {
		uintptr_t start;
		size_t size;

		if (i > MAX_HEAP_REGIONS) {
			*why = "no { NULL, 0 } entry ends the list";
			return -EINVAL;
		}
		start = (uintptr_t)regions[i].pucStartAddress;
		size = regions[i].xSizeInBytes;
		if (!size)
			break;
		if (size > UINTPTR_MAX - start) {
			*why = "a region wraps around the address space";
			return -EINVAL;
		}
		if (i && start < prev_end) {
			*why = "regions are not in ascending address order, "
			       "or overlap";
			return -EINVAL;
		}
		prev_end = start + size;
		pages += whole_pages(start, size);
	}
	if (!pages) {
		*why = "no region holds a whole page";
		return -EINVAL;
	}
	return 0;
}

/* Take back the first @n regions of the list that were added. */
static void remove_regions(const HeapRegion_t *regions, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		uintptr_t start = (uintptr_t)regions[i].pucStartAddress;

		if (whole_pages(start, regions[i].xSizeInBytes))
			(void)mm_remove_region(start, regions[i].xSizeInBytes);
	}
}

int baremm_define_heap_regions(const HeapRegion_t *regions)
{
	const char *why = "";
	int err = check_regions(regions, &why);
	unsigned int i, added = 0;

	if (err) {
		printk("vPortDefineHeapRegions: %s; heap not defined\n", why);
		return err;
	}
	for (i = 0; regions[i].xSizeInBytes; i++) {
		uintptr_t start = (uintptr_t)regions[i].pucStartAddress;

		if (!whole_pages(start, regions[i].xSizeInBytes))
			continue;
		err = mm_add_region(start, regions[i].xSizeInBytes);
		/* The rules hold, so the first region fails only after mm_init.
		 */
		if (err == -EINVAL && !added)
			err = -EBUSY;
		added++;
		if (err) {
			printk("vPortDefineHeapRegions: region %u at %p: %s "
			       "(%d)\n",
			       i, (void *)start,
			       err == -EBUSY ? "heap already open"
					     : "mm_add_region failed",
			       err);
			break;
		}
	}
	if (!err) {
		err = mm_init();
		if (err)
			printk("vPortDefineHeapRegions: mm_init: %d\n", err);
	}
	/* A failed definition leaves nothing behind, so a corrected one
	 * can follow (after mm_init, remove_regions() changes nothing). */
	if (err && err != -EBUSY) {
		remove_regions(regions, i);
		printk("vPortDefineHeapRegions: heap not defined\n");
	}
	return err;
}

void vPortDefineHeapRegions(const HeapRegion_t *const pxHeapRegions)
{
	(void)baremm_define_heap_regions(pxHeapRegions);
}
