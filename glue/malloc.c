// SPDX-License-Identifier: MIT
/*
 * The C library's allocator on top of baremm: malloc and friends for an
 * image linked with newlib (full or nano) or picolibc (CONFIG_NEWLIB_GLUE).
 * Defining them here keeps the library's own allocator out of the link
 * (its archive members are never pulled), so everything that allocates
 * through the library, stdio buffers, strdup, asprintf, fmemopen, comes
 * from baremm's heap. newlib's reentrant _malloc_r family is in
 * malloc_r.c, on top of this file.
 *
 * Each entry is one kmalloc-family call: IRQ-safe and lock-free on the
 * fast path as kmalloc is, and needing no __malloc_lock around it. The
 * choices C leaves open:
 *   malloc(0)           a unique smallest object (never ZERO_SIZE_PTR)
 *   realloc(p, 0)       frees p, returns NULL (as newlib and picolibc do)
 *   memalign(a, n)      a must be a power of two (EINVAL otherwise); up to
 *                       1 MiB (MM_MAX_ALIGN), ENOMEM above
 *   free(bad pointer)   reported by kfree and ignored, the heap unchanged
 *   mallinfo()          page-level figures, see glue_mallinfo()
 *
 * Every symbol that shares a library archive member with one defined here
 * is defined here too (mallinfo with malloc_stats and mallopt, as newlib's
 * mstats.o holds them), so no library member is pulled in beside ours.
 */
#include <errno.h>
#include <malloc.h>
#include <stdlib.h>

#include "heap_view.h"
#include "malloc_glue.h"

void *glue_alloc(size_t size)
{
	return kmalloc(size ? size : 1, GFP_KERNEL);
}

void *glue_zalloc(size_t n, size_t size)
{
	size_t bytes;

	if (size && n > SIZE_MAX / size)
		return NULL;
	bytes = n * size;
	return kzalloc(bytes ? bytes : 1, GFP_KERNEL);
}

int glue_realloc(void *p, size_t size, void **out)
{
	void *n;

	if (!p) {
		*out = glue_alloc(size);
		return *out ? 0 : ENOMEM;
	}
	if (!size) {
		kfree(p);
		*out = NULL;
		return 0;
	}
	n = krealloc(p, size, GFP_KERNEL);
	*out = n;
	if (n)
		return 0;
	return ksize(p) ? ENOMEM : EINVAL;
}

int glue_memalign(size_t align, size_t size, void **out)
{
	if (!align || (align & (align - 1)))
		return EINVAL;
	*out = kmalloc_aligned(size ? size : 1, align, GFP_KERNEL);
	return *out ? 0 : ENOMEM;
}

/*
 * mallinfo's fields, from mm_get_stats() and the free runs. Pages count,
 * not objects: a page of a small span is "in use" from the time the span
 * is cut until its last object is freed.
 *   arena     heap pages (used + free; metadata is not heap)
 *   ordblks   free page runs
 *   hblks, hblkhd, smblks, usmblks, fsmblks, keepcost: 0 (no mmap, no
 *             fastbins, nothing malloc_trim could give back to an OS)
 *   uordblks  bytes in spans: small spans and large objects
 *   fordblks  bytes in free page runs
 */
struct mallinfo glue_mallinfo(void)
{
	struct mallinfo mi = {0};
	struct free_runs runs;
	struct mm_stats st;

	mm_get_stats(&st);
	free_runs_get(&st, &runs);
	mi.arena = st.used_bytes + st.free_bytes;
	mi.ordblks = runs.count;
	mi.uordblks = st.used_bytes;
	mi.fordblks = st.free_bytes;
	return mi;
}

void *malloc(size_t size)
{
	void *p = glue_alloc(size);

	if (!p)
		errno = ENOMEM;
	return p;
}

void free(void *p)
{
	kfree(p);
}

void *calloc(size_t n, size_t size)
{
	void *p = glue_zalloc(n, size);

	if (!p)
		errno = ENOMEM;
	return p;
}

void *realloc(void *p, size_t size)
{
	void *n;
	int err = glue_realloc(p, size, &n);

	if (err)
		errno = err;
	return n;
}

void *memalign(size_t align, size_t size)
{
	void *p = NULL;
	int err = glue_memalign(align, size, &p);

	if (err)
		errno = err;
	return p;
}

void *aligned_alloc(size_t align, size_t size)
{
	return memalign(align, size);
}

/* POSIX: the alignment is also a multiple of sizeof(void *); errno stays. */
int posix_memalign(void **out, size_t align, size_t size)
{
	void *p = NULL;
	int err;

	if (align % sizeof(void *))
		return EINVAL;
	err = glue_memalign(align, size, &p);
	if (!err)
		*out = p;
	return err;
}

size_t malloc_usable_size(void *p)
{
	return ksize(p);
}

struct mallinfo mallinfo(void)
{
	return glue_mallinfo();
}

/* The heap's map on the console, in place of the library's summary. */
void malloc_stats(void)
{
	mm_dump();
}

/* Nothing to tune: 0 is mallopt's "not done". */
int mallopt(int param, int value)
{
	(void)param;
	(void)value;
	return 0;
}

/*
 * Empty spans go back to the page allocator as they empty; what a CPU
 * cache still holds goes back here. Nothing is returned to an OS, so 0.
 */
int malloc_trim(size_t pad)
{
	(void)pad;
	mm_drain();
	return 0;
}
