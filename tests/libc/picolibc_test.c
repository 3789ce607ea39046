// SPDX-License-Identifier: MIT
/*
 * picolibc allocating through baremm: strdup, asprintf (which grows its
 * string with realloc) and fmemopen make baremm objects (ksize() knows
 * them), picolibc's own allocator is not in the image, and errno, which
 * picolibc keeps in TLS, works with the image's single thread pointer.
 */
#include <baremm/ktest.h> /* baremm's first: see glue/libc.mk */
#include <baremm/string.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <mm/mm.h>

/* Sizes gcc would reject at compile time (-Walloc-size-larger-than). */
static volatile size_t too_big = SIZE_MAX - 65536;

/* Data of picolibc's nano-malloc: NULL unless its malloc was linked. */
extern char __malloc_free_list[] __attribute__((weak));
extern char __malloc_sbrk_start[] __attribute__((weak));
/* picolibc's TLS block in the image (boards/libc-common/picolibc-tls.ld) */
extern char __tls_base[], __tls_end[];

static unsigned int from_picolibc;

static void count_picolibc_alloc(struct ktest *t, const void *p,
				 const char *what)
{
	size_t n = ksize(p);

	if (KTEST_EXPECT_GT(t, n, 0)) {
		from_picolibc++;
		ktest_log(t, "%s: %p, a baremm object of %zu B", what, p, n);
	}
}

static void picolibc_malloc_not_linked(struct ktest *t)
{
	KTEST_EXPECT_NULL(t, __malloc_free_list);
	KTEST_EXPECT_NULL(t, __malloc_sbrk_start);
}

static void errno_in_tls(struct ktest *t)
{
	uintptr_t e = (uintptr_t)&errno;

	KTEST_EXPECT_TRUE(t, e >= (uintptr_t)__tls_base &&
				     e + sizeof(int) <= (uintptr_t)__tls_end);
	errno = 0;
	KTEST_EXPECT_NULL(t, malloc(too_big));
	KTEST_EXPECT_EQ(t, errno, ENOMEM);
	printf("    # %s: printf through picolibc's tinystdio\n", t->name);
}

static void strdup_asprintf_from_baremm(struct ktest *t)
{
	char *s = strdup("strdup in picolibc"), *a = NULL;
	int n;

	KTEST_ASSERT_NOT_NULL(t, s);
	count_picolibc_alloc(t, s, "strdup");
	n = asprintf(&a, "%s, %d, %s", s, 42, "and some more to grow it");
	KTEST_ASSERT_NOT_NULL(t, a);
	KTEST_EXPECT_EQ(t, n, strlen(a));
	KTEST_EXPECT_STREQ(t, a,
			   "strdup in picolibc, 42, and some more to grow it");
	count_picolibc_alloc(t, a, "asprintf");
	free(a);
	free(s);
}

static void fmemopen_from_baremm(struct ktest *t)
{
	char line[16];
	FILE *f = fmemopen(NULL, 64, "w+"); /* picolibc allocates both */

	KTEST_ASSERT_NOT_NULL(t, f);
	count_picolibc_alloc(t, f, "fmemopen stream");
	fputs("fmemopen\n", f);
	rewind(f);
	KTEST_EXPECT_NOT_NULL(t, fgets(line, sizeof(line), f));
	KTEST_EXPECT_STREQ(t, line, "fmemopen\n");
	KTEST_EXPECT_EQ(t, fclose(f), 0);
	ktest_log(t, "%u allocations made inside picolibc came from baremm",
		  from_picolibc);
	KTEST_EXPECT_GE(t, from_picolibc, 3);
}

static const struct ktest_case libc_picolibc_cases[] = {
	KTEST_CASE(picolibc_malloc_not_linked),
	KTEST_CASE(errno_in_tls),
	KTEST_CASE(strdup_asprintf_from_baremm),
	KTEST_CASE(fmemopen_from_baremm),
};
KTEST_SUITE(libc_picolibc, libc_picolibc_cases);
