// SPDX-License-Identifier: MIT
/*
 * The libgcc helpers MIPS32 code may call (64-bit division, popcount,
 * 64-bit bit scans), so an image never links Debian's libgcc: that one is
 * PIC and hard-float, and ld warns when it meets soft-float, non-PIC code.
 * Their names and types are the compiler's ABI, hence the underscores.
 * Nothing here may use 64-bit '/' or '%', or a builtin that GCC lowers to
 * one of these very functions: it would call itself.
 */
#include <baremm/types.h>

u64 __udivdi3(u64 n, u64 d);
u64 __umoddi3(u64 n, u64 d);
s64 __divdi3(s64 n, s64 d);
s64 __moddi3(s64 n, s64 d);
int __popcountsi2(unsigned int x);
int __popcountdi2(u64 x);
int __clzdi2(u64 x);
int __ctzdi2(u64 x);

/*
 * Long division, one quotient bit per step after lining up the divisor's
 * top bit with the dividend's. Division by zero is undefined in C; it
 * returns all-ones with the dividend as remainder, as divu tends to.
 */
static u64 udivmod(u64 n, u64 d, u64 *rem)
{
	u64 q = 0;
	int shift;

	if (d == 0) {
		*rem = n;
		return ~0ull;
	}
	if (!(n >> 32) && !(d >> 32)) {
		*rem = (u32)n % (u32)d;
		return (u32)n / (u32)d;
	}
	if (n < d) {
		*rem = n;
		return 0;
	}
	/* 32-bit clz is one instruction on MIPS32; no __clzdi2 call. */
	shift = __clzdi2(d) - __clzdi2(n);
	d <<= shift;
	for (; shift >= 0; shift--) {
		q <<= 1;
		if (n >= d) {
			n -= d;
			q |= 1;
		}
		d >>= 1;
	}
	*rem = n;
	return q;
}

u64 __udivdi3(u64 n, u64 d)
{
	u64 r;

	return udivmod(n, d, &r);
}

u64 __umoddi3(u64 n, u64 d)
{
	u64 r;

	udivmod(n, d, &r);
	return r;
}

/* |v| as unsigned, correct for INT64_MIN too. */
static u64 uabs64(s64 v)
{
	return v < 0 ? 0 - (u64)v : (u64)v;
}

/* C truncates: the quotient is negative when the signs differ. */
s64 __divdi3(s64 n, s64 d)
{
	u64 r, q = udivmod(uabs64(n), uabs64(d), &r);

	return (s64)((n < 0) != (d < 0) ? 0 - q : q);
}

/* The remainder takes the dividend's sign. */
s64 __moddi3(s64 n, s64 d)
{
	u64 r;

	udivmod(uabs64(n), uabs64(d), &r);
	return (s64)(n < 0 ? 0 - r : r);
}

/* Bits counted in parallel: pairs, nibbles, then bytes summed by multiply. */
int __popcountsi2(unsigned int x)
{
	x = x - ((x >> 1) & 0x55555555u);
	x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
	x = (x + (x >> 4)) & 0x0f0f0f0fu;
	return (int)((x * 0x01010101u) >> 24);
}

int __popcountdi2(u64 x)
{
	return __popcountsi2((u32)x) + __popcountsi2((u32)(x >> 32));
}

/* Undefined for 0, like the builtins that call these. */
int __clzdi2(u64 x)
{
	u32 hi = (u32)(x >> 32);

	return hi ? __builtin_clz(hi) : 32 + __builtin_clz((u32)x);
}

int __ctzdi2(u64 x)
{
	u32 lo = (u32)x;

	return lo ? __builtin_ctz(lo) : 32 + __builtin_ctz((u32)(x >> 32));
}
