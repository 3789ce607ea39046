// SPDX-License-Identifier: MIT
/*
 * The malloc family of glue/malloc.c, called through the C library's
 * own declarations, in every image linked with a C library (newlib, nano,
 * picolibc). ksize() answering for a pointer proves baremm made it: it is
 * 0 for anything that is not the start of one of baremm's objects.
 */
#include <baremm/ktest.h> /* baremm's first: see glue/libc.mk */
#include <baremm/string.h>

#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <mm/mm.h>

/* More than any address space holds: the page allocator must say no.
 * Volatile, so gcc does not reject the calls at compile time
 * (-Walloc-size-larger-than). */
static volatile size_t too_big = SIZE_MAX - 65536;
static volatile size_t half_max = SIZE_MAX / 2;

static void malloc_from_baremm(struct ktest *t)
{
	char *p = malloc(100), *z1 = malloc(0), *z2 = malloc(0);

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_GE(t, ksize(p), 100);
	KTEST_EXPECT_EQ(t, malloc_usable_size(p), ksize(p));
	KTEST_EXPECT_EQ(t, (uintptr_t)p % (2 * sizeof(void *)), 0);
	memset(p, 0xa5, 100);
	/* malloc(0): a unique object, not NULL and not ZERO_SIZE_PTR */
	KTEST_EXPECT_NOT_NULL(t, z1);
	KTEST_EXPECT_TRUE(t, z1 != z2 && z1 != ZERO_SIZE_PTR);
	KTEST_EXPECT_GT(t, ksize(z1), 0);
	free(z1);
	free(z2);
	free(p);
	free(NULL);
	errno = 0;
	KTEST_EXPECT_NULL(t, malloc(too_big));
	KTEST_EXPECT_EQ(t, errno, ENOMEM);
}

static void calloc_zeroes_and_overflow(struct ktest *t)
{
	unsigned char *p = calloc(10, 300);

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_NULL(t, memchr_inv(p, 0, 3000));
	KTEST_EXPECT_GE(t, ksize(p), 3000);
	free(p);
	errno = 0;
	KTEST_EXPECT_NULL(t, calloc(half_max, 3));
	KTEST_EXPECT_EQ(t, errno, ENOMEM);
	p = calloc(0, 8);
	KTEST_EXPECT_NOT_NULL(t, p);
	free(p);
}

static void realloc_keeps_contents(struct ktest *t)
{
	char *p = realloc(NULL, 40), *q;

	KTEST_ASSERT_NOT_NULL(t, p);
	memcpy(p, "baremm realloc", 15);
	q = realloc(p, 5000); /* to another class, moves */
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT_STREQ(t, q, "baremm realloc");
	KTEST_EXPECT_GE(t, ksize(q), 5000);
	errno = 0;
	KTEST_EXPECT_NULL(t, realloc(q, too_big)); /* fails, q kept */
	KTEST_EXPECT_EQ(t, errno, ENOMEM);
	KTEST_EXPECT_STREQ(t, q, "baremm realloc");
	p = realloc(q, 20);
	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_STREQ(t, p, "baremm realloc");
	KTEST_EXPECT_NULL(t, realloc(p, 0)); /* frees, as newlib does */
}

/* The heap's free bytes: what a case may ask for on a board of 64 KiB. */
static size_t malloc_heap_free(void)
{
	static struct mm_stats st; /* too big for small stacks */

	mm_drain();
	mm_get_stats(&st);
	return st.free_bytes;
}

static void aligned_allocations(struct ktest *t)
{
	static const size_t aligns[] = {8, 64, 256, 4096, 65536};
	size_t heap = malloc_heap_free();
	void *p = NULL;

	for (unsigned int i = 0; i < ARRAY_SIZE(aligns); i++) {
		size_t a = aligns[i];
		void *m, *c;

		/* The three objects, aligned, with room to spare. */
		if (8 * a > heap) {
			ktest_log(t, "alignment %zu: too large for a heap of "
				  "%zu B", a, heap);
			break;
		}
		m = memalign(a, 100);
		c = aligned_alloc(a, a);

		KTEST_EXPECT_NOT_NULL(t, m);
		KTEST_EXPECT_NOT_NULL(t, c);
		KTEST_EXPECT_EQ(t, (uintptr_t)m % a, 0);
		KTEST_EXPECT_EQ(t, (uintptr_t)c % a, 0);
		KTEST_EXPECT_EQ(t, posix_memalign(&p, a, 3 * a), 0);
		KTEST_EXPECT_EQ(t, (uintptr_t)p % a, 0);
		KTEST_EXPECT_GE(t, malloc_usable_size(p), 3 * a);
		free(m);
		free(c);
		free(p);
	}
	p = (void *)1;
	KTEST_EXPECT_EQ(t, posix_memalign(&p, 48, 10), EINVAL);
	KTEST_EXPECT_EQ(t, posix_memalign(&p, sizeof(void *) / 2, 10), EINVAL);
	KTEST_EXPECT_EQ(t, (uintptr_t)p, 1); /* untouched on failure */
	errno = 0;
	KTEST_EXPECT_NULL(t, memalign(24, 10));
	KTEST_EXPECT_EQ(t, errno, EINVAL);
	errno = 0;
	KTEST_EXPECT_NULL(t,
			  memalign((size_t)2 << 20, 10)); /* > MM_MAX_ALIGN */
	KTEST_EXPECT_EQ(t, errno, ENOMEM);
}

static void mallinfo_follows_the_heap(struct ktest *t)
{
	size_t heap = malloc_heap_free();
	size_t big = heap / 4 < (256 << 10) ? heap / 4 : 256 << 10;
	struct mallinfo a, b, c;
	void *p;

	a = mallinfo();
	p = malloc(big);
	KTEST_ASSERT_NOT_NULL(t, p);
	b = mallinfo();
	free(p);
	mm_drain();
	c = mallinfo();
	KTEST_EXPECT_EQ(t, a.arena, a.uordblks + a.fordblks);
	KTEST_EXPECT_EQ(t, b.arena, b.uordblks + b.fordblks);
	KTEST_EXPECT_GE(t, b.uordblks - a.uordblks, big);
	KTEST_EXPECT_GE(t, a.fordblks - b.fordblks, big);
	/* The pages come back; metadata made meanwhile may keep a few. */
	KTEST_EXPECT_EQ(t, c.uordblks, a.uordblks);
	KTEST_EXPECT_GE(t, c.fordblks - b.fordblks, big);
	KTEST_EXPECT_GE(t, a.ordblks, 1);
	KTEST_EXPECT_EQ(t, a.hblks + a.hblkhd + a.keepcost, 0);
}

/* strdup and strndup are the library's code calling its malloc. */
static void strdup_from_baremm(struct ktest *t)
{
	char *s = strdup("allocated by the C library"), *n;

	KTEST_ASSERT_NOT_NULL(t, s);
	KTEST_EXPECT_GE(t, ksize(s), 27);
	KTEST_EXPECT_STREQ(t, s, "allocated by the C library");
	n = strndup(s, 9);
	KTEST_ASSERT_NOT_NULL(t, n);
	KTEST_EXPECT_GT(t, ksize(n), 0);
	KTEST_EXPECT_STREQ(t, n, "allocated");
	free(n);
	free(s);
}

static const struct ktest_case libc_malloc_cases[] = {
	KTEST_CASE(malloc_from_baremm),
	KTEST_CASE(calloc_zeroes_and_overflow),
	KTEST_CASE(realloc_keeps_contents),
	KTEST_CASE(aligned_allocations),
	KTEST_CASE(mallinfo_follows_the_heap),
	KTEST_CASE(strdup_from_baremm),
};
KTEST_SUITE(libc_malloc, libc_malloc_cases);
