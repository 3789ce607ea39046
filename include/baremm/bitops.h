/* SPDX-License-Identifier: MIT */
/* Bit scans, power-of-two and alignment helpers. */
#ifndef BAREMM_BITOPS_H
#define BAREMM_BITOPS_H

#include <baremm/types.h>

/*
 * udiv32 - @n / @d, @d != 0. Where the CPU has no divide instruction
 * (ARMv6-M), lib/div.c's shift-and-subtract instead of libgcc's
 * __udivsi3: a third of its code, and the allocator needs no libgcc.
 */
#if defined(__arm__) && !defined(__ARM_FEATURE_IDIV)
u32 lib_udiv32(u32 n, u32 d);
#define udiv32(n, d) lib_udiv32(n, d)
#else
static inline u32 udiv32(u32 n, u32 d)
{
	return n / d;
}
#endif

/*
 * __ffs - index of the lowest set bit; @x must not be 0. Where the CPU
 * has no CLZ (ARMv6-M) both scans are libgcc calls: through the count of
 * leading zeros that fls() links anyway, not a second helper (64 B).
 */
static inline unsigned int __ffs(unsigned long x)
{
#if defined(__arm__) && !defined(__ARM_FEATURE_CLZ)
	return BITS_PER_LONG - 1 - (unsigned int)__builtin_clzl(x & -x);
#else
	return (unsigned int)__builtin_ctzl(x);
#endif
}

/* fls - 1-based index of the highest set bit, 0 for 0. */
static inline unsigned int fls(unsigned long x)
{
	return x ? (unsigned int)(BITS_PER_LONG - (unsigned)__builtin_clzl(x)) : 0;
}

static inline unsigned int fls64(u64 x)
{
	return x ? 64u - (unsigned int)__builtin_clzll(x) : 0;
}

/*
 * popcount by the SWAR method rather than __builtin_popcountl: libgcc's
 * helper uses SIMD registers on arm64, which stay trapped in this kernel.
 */
static inline unsigned int popcount(unsigned long x)
{
	const unsigned long m1 = ~0UL / 3, m2 = ~0UL / 5, m4 = ~0UL / 17;

	x -= (x >> 1) & m1;
	x = (x & m2) + ((x >> 2) & m2);
	x = (x + (x >> 4)) & m4;
	return (unsigned int)((x * (~0UL / 255)) >> (BITS_PER_LONG - 8));
}

static inline bool is_power_of_2(unsigned long x)
{
	return x != 0 && (x & (x - 1)) == 0;
}

/* ilog2 of a non-zero value, rounded down. */
static inline unsigned int ilog2(unsigned long x)
{
	return fls(x) - 1;
}

/* Smallest power of two >= @x, for 1 <= x <= LONG_MAX + 1. */
static inline unsigned long roundup_pow_of_two(unsigned long x)
{
	return x <= 1 ? 1 : 1UL << fls(x - 1);
}

/* Alignment; @a is a power of two. */
#define ALIGN_DOWN(x, a)	((x) & ~((__typeof__(x))(a) - 1))
#define ALIGN(x, a)		ALIGN_DOWN((x) + ((__typeof__(x))(a) - 1), a)
#define IS_ALIGNED(x, a)	(((x) & ((__typeof__(x))(a) - 1)) == 0)
#define DIV_ROUND_UP(n, d)	(((n) + (d) - 1) / (d))
#define BIT(n)			(1UL << (n))

#define min(a, b) ((a) < (b) ? (a) : (b))
#define max(a, b) ((a) > (b) ? (a) : (b))

#endif
