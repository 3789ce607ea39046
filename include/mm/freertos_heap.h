/* SPDX-License-Identifier: MIT */
/*
 * The FreeRTOS heap API, as FreeRTOS's portable.h declares it (and task.h
 * the malloc-failed hook), implemented by glue/freertos_heap.c on top
 * of baremm (CONFIG_FREERTOS_HEAP). Written from FreeRTOS's documented API:
 * the types and prototypes are the same, so FreeRTOS code compiled against
 * its own portable.h links with baremm's implementation in place of
 * heap_4.c or heap_5.c. Include this header in builds without FreeRTOS;
 * in a FreeRTOS build include FreeRTOS's own headers, not both.
 *
 * docs/embedding.md says how each HeapStats_t field maps to the heap.
 */
#ifndef MM_FREERTOS_HEAP_H
#define MM_FREERTOS_HEAP_H

#include <stddef.h>
#include <stdint.h>

/* The library's API: libmm.a hides its other names (docs/embedding.md). */
#pragma GCC visibility push(default)

/* One block of RAM for vPortDefineHeapRegions(); { NULL, 0 } ends a list. */
typedef struct HeapRegion {
	uint8_t *pucStartAddress;
	size_t xSizeInBytes;
} HeapRegion_t;

/* vPortGetHeapStats() fills every field. */
typedef struct xHeapStats {
	/* The sum of all the free blocks, not the largest one. */
	size_t xAvailableHeapSpaceInBytes;
	/* The largest free block when vPortGetHeapStats() is called. */
	size_t xSizeOfLargestFreeBlockInBytes;
	/* The smallest free block when vPortGetHeapStats() is called. */
	size_t xSizeOfSmallestFreeBlockInBytes;
	/* The free blocks when vPortGetHeapStats() is called. */
	size_t xNumberOfFreeBlocks;
	/* The lowest xAvailableHeapSpaceInBytes since boot (or the reset). */
	size_t xMinimumEverFreeBytesRemaining;
	/* pvPortMalloc() calls that returned a block. */
	size_t xNumberOfSuccessfulAllocations;
	/* vPortFree() calls that freed a block. */
	size_t xNumberOfSuccessfulFrees;
} HeapStats_t;

/*
 * heap_5's set-up: hand the heap its RAM before the first allocation.
 * @pxHeapRegions: blocks in ascending address order, none overlapping the
 * one before, ended by an entry of size 0. Each is given to mm_add_region()
 * (so rounded inwards to whole pages), then mm_init() opens the heap.
 * A broken rule, or a heap already open, is reported and changes nothing.
 */
void vPortDefineHeapRegions(const HeapRegion_t *const pxHeapRegions);

void *pvPortMalloc(size_t xWantedSize);
/* Zeroed xNum * xSize bytes; NULL, without the hook, when that overflows. */
void *pvPortCalloc(size_t xNum, size_t xSize);
void vPortFree(void *pv);
/* heap_4 compatibility; does nothing. */
void vPortInitialiseBlocks(void);

size_t xPortGetFreeHeapSize(void);
size_t xPortGetMinimumEverFreeHeapSize(void);
/* Restart xPortGetMinimumEverFreeHeapSize() from the current free size. */
void xPortResetHeapMinimumEverFreeHeapSize(void);
void vPortGetHeapStats(HeapStats_t *pxHeapStats);

/*
 * configUSE_MALLOC_FAILED_HOOK (CONFIG_FREERTOS_MALLOC_FAILED_HOOK): called
 * when pvPortMalloc() returns NULL. The application defines it; the glue's
 * own is an empty weak one.
 */
void vApplicationMallocFailedHook(void);

/*
 * baremm's addition, not FreeRTOS API: vPortDefineHeapRegions() with a
 * result, for callers (and tests) that want to know.
 * Return: 0; -EINVAL when a rule is broken (order, overlap, no whole page
 * in any region, an address beyond the heap's reach); -EBUSY when the heap
 * is already open; or mm_add_region()'s and mm_init()'s errors.
 */
int baremm_define_heap_regions(const HeapRegion_t *regions);

#pragma GCC visibility pop

#endif
