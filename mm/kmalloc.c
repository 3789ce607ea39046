// SPDX-License-Identifier: MIT
/*
 * kmalloc and friends: the allocator's entry points. The design in short
 * (docs/design.md has the long version):
 *
 * Vocabulary
 *   page        PAGE_SIZE bytes; pfn = address >> PAGE_SHIFT
 *   arena       ARENA_SIZE of address space; its metadata (heap_arena) is
 *               made the first time the heap grows into it
 *   arena index key >> ARENA_SHIFT -> heap_arena, flat on 32-bit
 *   span        a run of pages: free, a small span cut into objects of one
 *               size class, or one large object
 *   central     per class: spans no CPU owns (partial, full)
 *   cpu cache   per CPU and class: the span that CPU allocates from
 *
 * Allocation of n bytes
 *   1. n <= SC_MAX_SMALL: class c = sizeclass_of(n) (two table lookups).
 *   2. Fast path: the CPU's span for c; claim a free bit in its bitmap.
 *      IRQs masked, no lock.
 *   3. Span full: give it to central[c], take a partial one, or a new span
 *      from the page allocator (central lock, then heap lock).
 *   4. n > SC_MAX_SMALL: a run of whole pages from the page allocator
 *      (heap lock), lowest address first.
 *
 * Free of p: address -> arena index -> heap_arena -> page -> span -> object.
 * Nothing else finds metadata. The object index comes from a multiply by
 * the class's magic; its bit must be set, or the free is reported and
 * ignored. A span this CPU owns takes the free without a lock; others go
 * through the class's central lock, which also moves the span between
 * lists or, when empty, back to the page allocator.
 *
 * Lock order: central[c].lock -> mheap.lock. Both are taken with IRQs
 * masked, so every entry point here may be called from IRQ context; none
 * sleeps.
 *
 * Bounds: the fast path is O(bitmap words of one span) (at most 16); a
 * refill is O(1) plus one page allocation; a page allocation is O(log free
 * runs) expected, plus arena growth, O(pages of one arena), once per arena.
 */
#include "internal.h"

unsigned long mm_bad_frees;

void mm_report_bad_free(const void *p, unsigned long caller, const char *why)
{
	__atomic_fetch_add(&mm_bad_frees, 1, __ATOMIC_RELAXED);
	printk("mm: bad free of %p from 0x%lx: %s; ignored\n", p, caller, why);
}

/*
 * span_of - the in-use span holding address @p, or NULL (with the reason
 * in *@why) when @p is not inside an allocated span. Lock-free; the span
 * may change under the caller unless it holds the matching lock.
 */
static struct span *span_of(const void *p, const char **why)
{
	u8 st;
	struct span *s;

	if (!pfn_lookup(addr_to_pfn((uintptr_t)p), &st, &s)) {
		*why = "not a heap address";
		return NULL;
	}
	if (st != PG_SPAN || !s) {
		*why = st == PG_FREE ? "page is free (double free?)"
				     : "not an allocated object";
		return NULL;
	}
	return s;
}

/* Index of the small object starting exactly at @p in @s, or -1. */
static long small_obj_index(const struct span *s, const void *p)
{
	size_t off = (uintptr_t)p - span_base(s);
	unsigned int idx = sizeclass_obj_index(s->sizeclass, off);

	if (idx >= s->nelems || idx * sizeclass_size(s->sizeclass) != off)
		return -1;
	return idx;
}

void *large_alloc(size_t size, size_t align)
{
	size_t npages = DIV_ROUND_UP(size, PAGE_SIZE);
	unsigned long flags;
	struct span *s;

	if (size > SIZE_MAX - PAGE_SIZE)
		return NULL;
	flags = spin_lock_irqsave(&mheap.lock);
	s = page_alloc_locked(npages, max(align >> PAGE_SHIFT, (size_t)1),
			      SPAN_LARGE);
	spin_unlock_irqrestore(&mheap.lock, flags);
	return s ? (void *)span_base(s) : NULL;
}

/* Every object handed out passes here: bitmap bits, then zeroing. */
void *obj_finish(void *p, size_t size, gfp_t flags)
{
	if (unlikely(!p))
		return NULL;
	obj_bits_new(p, size, flags);
	if (flags & __GFP_ZERO)
		memset(p, 0, size);
	return p;
}

/* A large object's bits cover its whole pages; zeroing covers them too. */
static void *finish_large(void *p, size_t size, gfp_t flags)
{
	return obj_finish(p, ALIGN(size, PAGE_SIZE), flags);
}

void *kmalloc(size_t size, gfp_t flags)
{
	unsigned int c;

	if (unlikely(!size))
		return ZERO_SIZE_PTR;
	c = sizeclass_of(size);
	if (likely(c))
		return obj_finish(cpu_cache_alloc(c), sizeclass_size(c), flags);
	/* Large: power-of-two sizes stay naturally aligned up to 1 MiB. */
	return finish_large(large_alloc(size, is_power_of_2(size)
						      ? min(size, MM_MAX_ALIGN)
						      : PAGE_SIZE),
			    size, flags);
}

void *kzalloc(size_t size, gfp_t flags)
{
	return kmalloc(size, flags | __GFP_ZERO);
}

void *kcalloc(size_t n, size_t size, gfp_t flags)
{
	if (size && n > SIZE_MAX / size)
		return NULL;
	return kmalloc(n * size, flags | __GFP_ZERO);
}

void *kmalloc_aligned(size_t size, size_t align, gfp_t flags)
{
	unsigned int c;

	if (!is_power_of_2(align) || align > MM_MAX_ALIGN)
		return NULL;
	if (align <= MM_MIN_ALIGN || !size)
		return kmalloc(size, flags);
	if (size > SIZE_MAX - align)
		return NULL;
	c = sizeclass_for_aligned(size, align);
	if (c)
		return obj_finish(cpu_cache_alloc(c), sizeclass_size(c), flags);
	return finish_large(large_alloc(size, max(align, PAGE_SIZE)), size,
			    flags);
}

int kfree_caller(const void *p, unsigned long caller)
{
	const char *why;
	struct span *s;
	unsigned long flags;
	long idx;

	if (unlikely(!p || p == ZERO_SIZE_PTR))
		return 0;
	s = span_of(p, &why);
	if (unlikely(!s))
		goto bad;
	if (likely(s->state == SPAN_SMALL)) {
		idx = small_obj_index(s, p);
		why = "not the start of an object";
		if (idx < 0)
			goto bad;
		why = "object is not allocated (double free?)";
		if (!span_obj_allocated(s, (unsigned int)idx))
			goto bad;
		obj_bits_forget(s, p, sizeclass_size(s->sizeclass), idx);
		if (cpu_cache_free(s, (unsigned int)idx, p))
			goto bad;
		return 0;
	}
	/* Large: recheck under the heap lock, a racing free may have won. */
	flags = spin_lock_irqsave(&mheap.lock);
	s = span_of(p, &why);
	if (s && s->state == SPAN_LARGE && span_base(s) == (uintptr_t)p) {
		obj_bits_forget(s, p, s->npages << PAGE_SHIFT, -1);
		page_free_locked(s);
		why = NULL;
	} else if (s) {
		why = "not the start of an object";
	}
	spin_unlock_irqrestore(&mheap.lock, flags);
	if (!why)
		return 0;
bad:
	mm_report_bad_free(p, caller, why);
	return -EINVAL;
}

void kfree(const void *p)
{
	(void)kfree_caller(p, caller_address());
}

size_t ksize(const void *p)
{
	const char *why;
	struct span *s;

	if (!p || p == ZERO_SIZE_PTR)
		return 0;
	s = span_of(p, &why);
	if (!s)
		return 0;
	if (s->state == SPAN_LARGE)
		return span_base(s) == (uintptr_t)p ? s->npages << PAGE_SHIFT
						     : 0;
	return small_obj_index(s, p) < 0 ? 0 : sizeclass_size(s->sizeclass);
}

void *krealloc(const void *p, size_t size, gfp_t flags)
{
	size_t old;
	void *n;

	if (!p || p == ZERO_SIZE_PTR)
		return kmalloc(size, flags);
	if (!size) {
		kfree_caller(p, caller_address());
		return ZERO_SIZE_PTR;
	}
	old = ksize(p);
	if (!old) {
		mm_report_bad_free(p, caller_address(),
				   "krealloc of something that is no object");
		return NULL;
	}
	/* In place when the request lands in the object's own class (or,
	 * for a large object, needs the same number of pages). */
	if (size <= old && (sizeclass_of(old)
				    ? sizeclass_of(size) == sizeclass_of(old)
				    : DIV_ROUND_UP(size, PAGE_SIZE) ==
					      old >> PAGE_SHIFT))
		return (void *)p;
	n = kmalloc(size, flags & ~__GFP_ZERO);
	if (!n)
		return NULL;
	memcpy(n, p, min(old, size));
	if ((flags & __GFP_ZERO) && size > old)
		memset((char *)n + old, 0, size - old);
	kfree_caller(p, caller_address());
	return n;
}

void *alloc_pages_exact(size_t size, gfp_t flags)
{
	if (!size || size > SIZE_MAX - PAGE_SIZE)
		return NULL;
	return finish_large(large_alloc(size, PAGE_SIZE), size, flags);
}

void free_pages_exact(void *p, size_t size)
{
	size_t got = ksize(p);

	if (p && got != ALIGN(size, PAGE_SIZE)) {
		mm_report_bad_free(p, caller_address(),
				   "free_pages_exact size does not match");
		return;
	}
	kfree_caller(p, caller_address());
}

void mm_drain(void)
{
	cpu_cache_drain();
}
