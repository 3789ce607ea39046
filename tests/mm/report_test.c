// SPDX-License-Identifier: MIT
/*
 * report_terse_format(), what formats the allocator's messages with
 * CONFIG_MM_TERSE_REPORTS (mm/report.c): text and strings as they are,
 * numbers in hex, and vsnprintf()'s length and cut at the buffer's end.
 * On every board, whether or not it reports that way.
 */
#include "mmtest.h"

static int terse(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = report_terse_format(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

static void terse_numbers_in_hex(struct ktest *t)
{
	static const char want[] =
		"mm: bad free of 0x2000a010 from 0x1234: not an object; "
		"ignored";
	char buf[96];

	KTEST_EXPECT_EQ(t,
			terse(buf, sizeof(buf),
			      "mm: bad free of %p from 0x%lx: %s; ignored",
			      (void *)0x2000a010, 0x1234ul, "not an object"),
			(int)sizeof(want) - 1);
	KTEST_EXPECT_STREQ(t, buf, want);
	terse(buf, sizeof(buf), "%u %5u %zu %lu %d %d %c %% %s", 0u, 255u,
	      (size_t)4096, 100000ul, -22, 7, 'k', NULL);
	KTEST_EXPECT_STREQ(t, buf,
			   "0x0 0xff 0x1000 0x186a0 -0x16 0x7 k % (null)");
	terse(buf, sizeof(buf), "%08lx %llu %-4u|", 0xabcul,
	      (unsigned long long)1 << 40, 3u);
	KTEST_EXPECT_STREQ(t, buf, "abc 0x10000000000 0x3|");
}

/* As vsnprintf(): the whole length, and a cut that ends in a NUL. */
static void terse_cut_at_the_end(struct ktest *t)
{
	char buf[8];

	memset(buf, 'z', sizeof(buf));
	KTEST_EXPECT_EQ(t, terse(buf, sizeof(buf), "region %u: %s", 12u,
				 "refused"),
			(int)strlen("region 0xc: refused"));
	KTEST_EXPECT_STREQ(t, buf, "region ");
	KTEST_EXPECT_EQ(t, terse(buf, 1, "abc"), 3);
	KTEST_EXPECT_EQ(t, buf[0], '\0');
	/* A lone '%' at the end stops the message, as in vsnprintf(). */
	KTEST_EXPECT_EQ(t, terse(buf, sizeof(buf), "50%"), 2);
	KTEST_EXPECT_STREQ(t, buf, "50");
}

static const struct ktest_case report_cases[] = {
	KTEST_CASE(terse_numbers_in_hex),
	KTEST_CASE(terse_cut_at_the_end),
};
KTEST_SUITE(mm_report, report_cases);
