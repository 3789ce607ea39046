// SPDX-License-Identifier: MIT
/* The printk formatter, conversion by conversion, against fixed strings. */
#include <baremm/ktest.h>
#include <baremm/printk.h>
#include <baremm/string.h>

#define EXPECT_FMT(t, want, fmt, ...)                                         \
	do {                                                                  \
		char buf_[64];                                                \
		int n_ = snprintf(buf_, sizeof(buf_), fmt, ##__VA_ARGS__);    \
		KTEST_EXPECT_STREQ(t, buf_, want);                            \
		KTEST_EXPECT_EQ(t, n_, strlen(want));                         \
	} while (0)

static void printk_ints(struct ktest *t)
{
	EXPECT_FMT(t, "0", "%d", 0);
	EXPECT_FMT(t, "-42 17", "%d %i", -42, 17);
	EXPECT_FMT(t, "-2147483648", "%d", INT_MIN);
	EXPECT_FMT(t, "4294967295", "%u", UINT_MAX);
	EXPECT_FMT(t, "18446744073709551615", "%llu", ~0ULL);
	EXPECT_FMT(t, "-9223372036854775808", "%lld", -9223372036854775807LL - 1);
	EXPECT_FMT(t, "1234567890123", "%llu", 1234567890123ULL);
	EXPECT_FMT(t, "99 199", "%lu %zu", 99UL, (size_t)199);
	EXPECT_FMT(t, "-5", "%hhd", (signed char)-5);
}

static void printk_hex(struct ktest *t)
{
	EXPECT_FMT(t, "deadbeef DEADBEEF", "%x %X", 0xdeadbeefu, 0xdeadbeefu);
	EXPECT_FMT(t, "ffffffffffffffff", "%llx", ~0ULL);
	EXPECT_FMT(t, "00ff", "%04x", 0xff);
	EXPECT_FMT(t, "0", "%x", 0);
}

static void printk_width(struct ktest *t)
{
	EXPECT_FMT(t, "   42", "%5d", 42);
	EXPECT_FMT(t, "42   |", "%-5d|", 42);
	EXPECT_FMT(t, "-0042", "%05d", -42);
	EXPECT_FMT(t, "  ab|ab  |", "%4s|%-4s|", "ab", "ab");
	EXPECT_FMT(t, "   7", "%*d", 4, 7);
	EXPECT_FMT(t, "x|  y", "%c|%3c", 'x', 'y');
	EXPECT_FMT(t, "100%", "%d%%", 100);
}

static void printk_pointers_strings(struct ktest *t)
{
	const char *volatile null_str = NULL;	/* hidden from -Wformat */
	char want[24];

	if (sizeof(void *) == 8)
		memcpy(want, "0x00000000000012ab", 19);
	else
		memcpy(want, "0x000012ab", 11);
	EXPECT_FMT(t, want, "%p", (void *)0x12ab);
	EXPECT_FMT(t, "(null)", "%s", null_str);
	EXPECT_FMT(t, "hello, world", "%s, %s", "hello", "world");
}

static void printk_truncation(struct ktest *t)
{
	char buf[8];
	int n = snprintf(buf, sizeof(buf), "%s", "0123456789");

	KTEST_EXPECT_EQ(t, n, 10);
	KTEST_EXPECT_STREQ(t, buf, "0123456");
	n = snprintf(buf, 0, "%d", 12345);
	KTEST_EXPECT_EQ(t, n, 5);
}

static const struct ktest_case printk_cases[] = {
	KTEST_CASE(printk_ints),
	KTEST_CASE(printk_hex),
	KTEST_CASE(printk_width),
	KTEST_CASE(printk_pointers_strings),
	KTEST_CASE(printk_truncation),
};
KTEST_SUITE(printk, printk_cases);
