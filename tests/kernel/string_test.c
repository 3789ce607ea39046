// SPDX-License-Identifier: MIT
/* lib/ string and bit helpers, at every alignment that changes their path. */
#include <baremm/bitops.h>
#include <baremm/ktest.h>
#include <baremm/string.h>

static void string_memset_memcpy(struct ktest *t)
{
	unsigned char a[64], b[64];

	for (unsigned int off = 0; off < 8; off++) {
		for (unsigned int len = 0; len < 40; len += 3) {
			memset(a, 0x11, sizeof(a));
			memset(a + off, 0xa5, len);
			for (unsigned int i = 0; i < sizeof(a); i++) {
				bool in = i >= off && i < off + len;

				if (a[i] != (in ? 0xa5 : 0x11)) {
					KTEST_FAIL(t, "memset off %u len %u byte %u",
						   off, len, i);
					return;
				}
			}
			for (unsigned int i = 0; i < sizeof(b); i++)
				b[i] = (unsigned char)i;
			memcpy(a + off, b + (len & 7), len);
			KTEST_EXPECT_EQ(t, memcmp(a + off, b + (len & 7), len), 0);
		}
	}
}

static void string_memmove_overlap(struct ktest *t)
{
	char s[16] = "0123456789";

	memmove(s + 2, s, 8);
	KTEST_EXPECT_EQ(t, memcmp(s, "0101234567", 10), 0);
	memmove(s, s + 2, 8);
	KTEST_EXPECT_EQ(t, memcmp(s, "0123456767", 10), 0);
}

static void string_compare(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, strlen(""), 0);
	KTEST_EXPECT_EQ(t, strlen("baremm"), 6);
	KTEST_EXPECT_EQ(t, strnlen("baremm", 3), 3);
	KTEST_EXPECT_EQ(t, strcmp("abc", "abc"), 0);
	KTEST_EXPECT_TRUE(t, strcmp("abc", "abd") < 0);
	KTEST_EXPECT_TRUE(t, strcmp("b", "abc") > 0);
	KTEST_EXPECT_EQ(t, strncmp("abcx", "abcy", 3), 0);
	KTEST_EXPECT_TRUE(t, memcmp("\x80", "\x01", 1) > 0);
	KTEST_EXPECT_TRUE(t, strchr("a/b", '/') != NULL);
	KTEST_EXPECT_NULL(t, strchr("ab", '/'));
	KTEST_EXPECT_NULL(t, memchr_inv("\0\0\0", 0, 3));
}

static void bitops_scans(struct ktest *t)
{
	KTEST_EXPECT_EQ(t, __ffs(1), 0);
	KTEST_EXPECT_EQ(t, __ffs(0x80), 7);
	KTEST_EXPECT_EQ(t, __ffs(1UL << (BITS_PER_LONG - 1)), BITS_PER_LONG - 1);
	KTEST_EXPECT_EQ(t, fls(0), 0);
	KTEST_EXPECT_EQ(t, fls(1), 1);
	KTEST_EXPECT_EQ(t, fls(~0UL), BITS_PER_LONG);
	KTEST_EXPECT_EQ(t, fls64(1ULL << 40), 41);
	KTEST_EXPECT_EQ(t, popcount(0xf0f0UL), 8);
	KTEST_EXPECT_EQ(t, ilog2(4096), 12);
	KTEST_EXPECT_EQ(t, roundup_pow_of_two(1), 1);
	KTEST_EXPECT_EQ(t, roundup_pow_of_two(3), 4);
	KTEST_EXPECT_EQ(t, roundup_pow_of_two(4096), 4096);
	KTEST_EXPECT_TRUE(t, is_power_of_2(1UL << 20));
	KTEST_EXPECT_FALSE(t, is_power_of_2(0));
	KTEST_EXPECT_FALSE(t, is_power_of_2(12));
	KTEST_EXPECT_EQ(t, ALIGN(13u, 8u), 16);
	KTEST_EXPECT_EQ(t, ALIGN_DOWN(13u, 8u), 8);
	KTEST_EXPECT_EQ(t, DIV_ROUND_UP(9, 4), 3);
	/* Every bit, with noise on the side the scan must ignore: libgcc's
	 * software scans on CPUs without CLZ (ARMv6-M) as well. */
	for (unsigned int i = 0; i < BITS_PER_LONG; i++) {
		unsigned long bit = 1UL << i;

		if (__ffs(bit | (~0UL << i)) != i ||
		    fls(bit | (bit - 1)) != i + 1)
			KTEST_FAIL(t, "bit %u: __ffs %u, fls %u", i,
				   __ffs(bit | (~0UL << i)),
				   fls(bit | (bit - 1)));
	}
}

static const struct ktest_case string_cases[] = {
	KTEST_CASE(string_memset_memcpy),
	KTEST_CASE(string_memmove_overlap),
	KTEST_CASE(string_compare),
	KTEST_CASE(bitops_scans),
};
KTEST_SUITE(lib_string, string_cases);
