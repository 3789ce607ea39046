// SPDX-License-Identifier: MIT
/*
 * newlib (full and nano) allocating through baremm: the allocations newlib
 * makes inside itself, stdout's buffer, strdup, asprintf, open_memstream
 * and fmemopen, are baremm objects (ksize() knows them), newlib's own
 * allocator is not in the image, and the reentrant _malloc_r family and
 * __malloc_lock work as newlib's callers expect.
 */
#define _GNU_SOURCE	  /* asprintf */
#include <baremm/ktest.h> /* baremm's first: see glue/libc.mk */
#include <baremm/string.h>

#include <errno.h>
#include <malloc.h>
#include <reent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mm/mm.h>

/* Sizes gcc would reject at compile time (-Walloc-size-larger-than). */
static volatile size_t half_max = SIZE_MAX / 2;
static volatile size_t too_big = SIZE_MAX - 65536;

/*
 * Data of newlib's own allocators: __malloc_av_ (full, mallocr.o) and
 * __malloc_free_list (nano-mallocr.o). Weak, so they read as NULL unless
 * the library's malloc was linked.
 */
extern char __malloc_av_[] __attribute__((weak));
extern char __malloc_free_list[] __attribute__((weak));

/* Allocations made inside newlib and found to be baremm's, by the cases. */
static unsigned int from_newlib;

static void count_newlib_alloc(struct ktest *t, const void *p, const char *what)
{
	size_t n = ksize(p);

	if (KTEST_EXPECT_GT(t, n, 0)) {
		from_newlib++;
		ktest_log(t, "%s: %p, a baremm object of %zu B", what, p, n);
	}
}

static void newlib_malloc_not_linked(struct ktest *t)
{
	KTEST_EXPECT_NULL(t, __malloc_av_);
	KTEST_EXPECT_NULL(t, __malloc_free_list);
}

/* stdout's buffer: newlib's __smakebuf_r allocates it at the first write. */
static void stdout_buffer_from_baremm(struct ktest *t)
{
	printf("    # %s: printf through newlib, buffered in baremm\n",
	       t->name);
	fflush(stdout);
	KTEST_ASSERT_NOT_NULL(t, stdout->_bf._base);
	count_newlib_alloc(t, stdout->_bf._base, "stdout buffer");
}

static void strdup_asprintf_from_baremm(struct ktest *t)
{
	char *s = strdup("strdup in newlib"), *a = NULL;
	int n;

	KTEST_ASSERT_NOT_NULL(t, s);
	count_newlib_alloc(t, s, "strdup");
	/* asprintf grows its string with _realloc_r as it formats */
	n = asprintf(&a, "%s, %d, %s", s, 42, "and some more to grow it");
	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_EXPECT_EQ(t, n, strlen(a));
	KTEST_EXPECT_STREQ(t, a,
			   "strdup in newlib, 42, and some more to grow it");
	count_newlib_alloc(t, a, "asprintf");
	free(a);
	free(s);
}

/* Streams in memory: their FILE glue, cookies and growing buffers. */
static void memory_streams_from_baremm(struct ktest *t)
{
	char *buf = NULL, line[16];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	KTEST_ASSERT_NOT_NULL(t, f);
	for (int i = 0; i < 300; i++)
		fprintf(f, "line %4d\n", i);
	KTEST_EXPECT_EQ(t, fclose(f), 0);
	KTEST_ASSERT_NOT_NULL(t, buf);
	KTEST_EXPECT_EQ(t, len, 300 * 10);
	KTEST_EXPECT_EQ(t, memcmp(buf + 299 * 10, "line  299\n", 10), 0);
	count_newlib_alloc(t, buf, "open_memstream buffer");
	free(buf);

	f = fmemopen(NULL, 64, "w+"); /* newlib allocates the buffer */
	KTEST_ASSERT_NOT_NULL(t, f);
	fputs("fmemopen\n", f);
	rewind(f);
	KTEST_EXPECT_NOT_NULL(t, fgets(line, sizeof(line), f));
	KTEST_EXPECT_STREQ(t, line, "fmemopen\n");
	KTEST_EXPECT_EQ(t, fclose(f), 0);
	ktest_log(t, "%u allocations made inside newlib came from baremm",
		  from_newlib);
	KTEST_EXPECT_GE(t, from_newlib, 4);
}

/* The _r entries, with errno landing in the struct _reent given. */
static void reentrant_entries(struct ktest *t)
{
	static struct _reent r; /* only _errno is used */
	char *p = _malloc_r(&r, 40), *q;
	struct mallinfo mi;

	KTEST_ASSERT_NOT_NULL(t, p);
	KTEST_EXPECT_EQ(t, _malloc_usable_size_r(&r, p), ksize(p));
	memcpy(p, "reent", 6);
	q = _realloc_r(&r, p, 3000);
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT_STREQ(t, q, "reent");
	_free_r(&r, q);
	q = _calloc_r(&r, 4, 100);
	KTEST_ASSERT_NOT_NULL(t, q);
	KTEST_EXPECT_NULL(t, memchr_inv(q, 0, 400));
	_free_r(&r, q);
	q = _memalign_r(&r, 1024, 10);
	KTEST_EXPECT_EQ(t, (uintptr_t)q % 1024, 0);
	_free_r(&r, q);
	mi = _mallinfo_r(&r);
	KTEST_EXPECT_EQ(t, mi.arena, mi.uordblks + mi.fordblks);

	r._errno = 0;
	KTEST_EXPECT_NULL(t, _malloc_r(&r, too_big));
	KTEST_EXPECT_EQ(t, r._errno, ENOMEM);
	r._errno = 0;
	KTEST_EXPECT_NULL(t, _calloc_r(&r, half_max, 4));
	KTEST_EXPECT_EQ(t, r._errno, ENOMEM);
	r._errno = 0;
	KTEST_EXPECT_NULL(t, _memalign_r(&r, 12, 10));
	KTEST_EXPECT_EQ(t, r._errno, EINVAL);
}

/* Recursive, and the allocator works inside it. */
static void malloc_lock_nests(struct ktest *t)
{
	void *p;

	__malloc_lock(_REENT);
	__malloc_lock(_REENT);
	p = malloc(64);
	KTEST_EXPECT_NOT_NULL(t, p);
	free(p);
	__malloc_unlock(_REENT);
	__malloc_unlock(_REENT);
	__malloc_lock(_REENT); /* free again: no deadlock */
	__malloc_unlock(_REENT);
}

static const struct ktest_case libc_newlib_cases[] = {
	KTEST_CASE(newlib_malloc_not_linked),
	KTEST_CASE(stdout_buffer_from_baremm),
	KTEST_CASE(strdup_asprintf_from_baremm),
	KTEST_CASE(memory_streams_from_baremm),
	KTEST_CASE(reentrant_entries),
	KTEST_CASE(malloc_lock_nests),
};
KTEST_SUITE(libc_newlib, libc_newlib_cases);
