/* SPDX-License-Identifier: MIT */
/*
 * What the glue files read of the heap beyond struct mm_stats: the free
 * page runs (number, smallest, largest), which mallinfo() and FreeRTOS's
 * HeapStats_t report, and the reset of the low-water mark.
 *
 * mm_for_each_free_run() and mm_reset_min_free() are the two mm/ entry
 * points this needs (asked for in build/REQUESTS-issue6.txt, see
 * docs/embedding.md). They are declared weak here, so the glue links and
 * works before mm/ has them: free_runs_get() then falls back to what
 * mm_get_stats() knows (the largest run only, reported as the one run), and
 * the caller keeps its own low-water mark. With them, every figure is exact.
 */
#ifndef LIB_GLUE_HEAP_VIEW_H
#define LIB_GLUE_HEAP_VIEW_H

#include <stdbool.h>
#include <mm/mm.h>

void mm_for_each_free_run(void (*fn)(uintptr_t base, size_t bytes, void *arg),
			  void *arg) __attribute__((weak));
void mm_reset_min_free(void) __attribute__((weak));

struct free_runs {
	size_t count;	 /* free page runs */
	size_t smallest; /* bytes in the smallest run, 0 when none */
	size_t largest;	 /* bytes in the largest run, 0 when none */
	bool exact;	 /* false: the fallback without the iterator */
};

static inline void free_runs_add(uintptr_t base, size_t bytes, void *arg)
{
	struct free_runs *r = arg;

	(void)base;
	r->count++;
	if (!r->smallest || bytes < r->smallest)
		r->smallest = bytes;
	if (bytes > r->largest)
		r->largest = bytes;
}

/* free_runs_get - the free runs of the heap; @st is a fresh mm_get_stats(). */
static inline void free_runs_get(const struct mm_stats *st, struct free_runs *r)
{
	*r = (struct free_runs){0};
	if (mm_for_each_free_run) {
		mm_for_each_free_run(free_runs_add, r);
		r->exact = true;
		return;
	}
	if (st->largest_free_run) {
		r->count = 1;
		r->smallest = r->largest = st->largest_free_run;
	}
}

#endif
