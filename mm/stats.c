// SPDX-License-Identifier: MIT
/*
 * Statistics and the text dump of the heap. Both walk the grown arenas page
 * by page under the heap lock: O(pages in arenas), for diagnostics, not for
 * hot paths. Counts of objects read the allocation bitmaps without the
 * class locks, so on a busy SMP heap they are a snapshot, not a fixed
 * point.
 */
#include "central.h"
#include "debug.h"
#include "large.h"
#include "page.h"
#include "report.h"
#include "tiny.h"

static void count_span(struct span *s, void *arg)
{
	struct mm_stats *st = arg;

	if (IS_ENABLED(CONFIG_MM_TINY) && s->state == SPAN_TINY)
		tiny_count(s, st);
	if (s->state != SPAN_SMALL)
		return;
	st->cls[s->sizeclass].live += span_count_allocated(s);
	st->cls[s->sizeclass].spans++;
}

void mm_get_stats(struct mm_stats *st)
{
	unsigned long flags;

	memset(st, 0, sizeof(*st));
	st->nr_classes = sizeclass_count;
	for (unsigned int c = 1; c < sizeclass_count; c++)
		st->cls[c].size = (unsigned int)sizeclass_size(c);
	st->bad_frees = __atomic_load_n(&kfree_bad_count, __ATOMIC_RELAXED);
	if (MM_DEBUG_REDZONES)
		st->corruptions =
			__atomic_load_n(&dbg_corruptions, __ATOMIC_RELAXED);
	flags = spin_lock_irqsave(&mheap.lock);
	st->total_bytes = mheap.total_pages << PAGE_SHIFT;
	st->free_bytes = page_avail() << PAGE_SHIFT;
	st->used_bytes = mheap.span_pages << PAGE_SHIFT;
	st->cached_bytes =
		(__atomic_load_n(&central_empty_pages, __ATOMIC_RELAXED) +
		 large_cache_pages_locked())
		<< PAGE_SHIFT;
	st->meta_bytes = mheap.meta_pages << PAGE_SHIFT;
	st->min_free_bytes = mheap.min_avail_pages << PAGE_SHIFT;
	st->largest_free_run = max(page_tree_largest(),
				   arena_ungrown_largest()) << PAGE_SHIFT;
	st->arenas_mapped = mheap.arenas;
	arena_for_each_span(count_span, st);
	spin_unlock_irqrestore(&mheap.lock, flags);
}

static void dump_span(struct span *s, void *arg)
{
	unsigned int *left = arg;

	if (!*left)
		return;
	(*left)--;
	if (s->state == SPAN_SMALL)
		printk("  span 0x%08lx %3lu pages class %2u (%5u B) %4u/%-4u "
		       "objects%s\n",
		       (unsigned long)span_base(s), (unsigned long)s->npages,
		       s->sizeclass, (unsigned int)sizeclass_size(s->sizeclass),
		       span_count_allocated(s), s->nelems,
		       s->owner ? " (cpu cache)" : "");
	else
		printk("  span 0x%08lx %3lu pages %s\n",
		       (unsigned long)span_base(s), (unsigned long)s->npages,
		       s->state == SPAN_CACHED ? "large run, kept free"
		       : s->state == SPAN_TINY ? "tiny chunks"
					       : "large object");
}

/* Lines of spans and free runs printed at most, to keep dumps readable. */
#define DUMP_MAX_LINES 32

void mm_dump(void)
{
	const struct memblock_range *r;
	unsigned int left = DUMP_MAX_LINES;
	unsigned long flags;

	printk("mm: dump: page %lu B, arena %lu KiB, %u address bits\n",
	       PAGE_SIZE, ARENA_SIZE >> 10, ARCH_HEAP_ADDR_BITS);
	for_each_region(r)
		printk("  region   0x%08lx..0x%08lx %8lu pages\n",
		       (unsigned long)pfn_to_addr(r->start),
		       (unsigned long)(pfn_to_addr(r->end - 1) + PAGE_SIZE - 1),
		       (unsigned long)(r->end - r->start));
	for (unsigned int i = 0; i < memblock.nr_reserved; i++)
		printk("  reserved 0x%08lx..0x%08lx %s\n",
		       (unsigned long)pfn_to_addr(memblock.reserved[i].start),
		       (unsigned long)(pfn_to_addr(memblock.reserved[i].end -
						   1) + PAGE_SIZE - 1),
		       memblock.meta_mask & (1u << i) ? "(boot metadata)" : "");
	flags = spin_lock_irqsave(&mheap.lock);
	for (struct heap_arena *a = arena_next(NULL); a; a = arena_next(a)) {
		unsigned int n[4] = { 0 };

		if (left == 0) {
			printk("  ... %u arenas in all\n", mheap.arenas);
			break;
		}
		left--;
		for (unsigned int i = 0; i < a->npages; i++)
			n[a->state[i]]++;
		printk("  arena %5u at 0x%08lx: %u pages backed, metadata %u "
		       "pages; free %u span %u meta %u hole %u\n",
		       a->key, (unsigned long)a->base, a->npages, a->meta_pages,
		       n[PG_FREE], n[PG_SPAN], n[PG_META], n[PG_HOLE]);
	}
	left = DUMP_MAX_LINES;
	arena_for_each_span(dump_span, &left);
	page_tree_dump(DUMP_MAX_LINES / 2);
	printk("  pages: total %lu free %lu ungrown %lu span %lu meta %lu "
	       "(arena metadata %lu); min available %lu\n",
	       (unsigned long)mheap.total_pages,
	       (unsigned long)mheap.free_pages,
	       (unsigned long)mheap.ungrown_pages,
	       (unsigned long)mheap.span_pages,
	       (unsigned long)mheap.meta_pages,
	       (unsigned long)mheap.arena_meta_pages,
	       (unsigned long)mheap.min_avail_pages);
	spin_unlock_irqrestore(&mheap.lock, flags);
}

void mm_reset_min_free(void)
{
	unsigned long flags = spin_lock_irqsave(&mheap.lock);

	page_reset_min_avail_locked();
	spin_unlock_irqrestore(&mheap.lock, flags);
}

struct run_visit {
	void (*fn)(uintptr_t base, size_t bytes, void *arg);
	void *arg;
};

static bool visit_run(const struct span *s, void *arg)
{
	const struct run_visit *v = arg;

	v->fn(span_base(s), s->npages << PAGE_SHIFT, v->arg);
	return true;
}

static void visit_ungrown(pfn_t s, pfn_t e, void *arg)
{
	const struct run_visit *v = arg;

	v->fn(pfn_to_addr(s), (size_t)(e - s) << PAGE_SHIFT, v->arg);
}

void mm_for_each_free_run(void (*fn)(uintptr_t base, size_t bytes, void *arg),
			  void *arg)
{
	struct run_visit v = { fn, arg };
	unsigned long flags = spin_lock_irqsave(&mheap.lock);

	page_tree_walk(visit_run, &v);
	arena_for_each_ungrown(visit_ungrown, &v);
	spin_unlock_irqrestore(&mheap.lock, flags);
}
