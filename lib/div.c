// SPDX-License-Identifier: MIT
/*
 * Division for CPUs without a divide instruction (udiv32() in
 * <baremm/bitops.h>): one quotient bit per step, from the top, skipping
 * the steps above the dividend's highest bit. O(32).
 */
#include <baremm/bitops.h>

#if defined(__arm__) && !defined(__ARM_FEATURE_IDIV)
u32 lib_udiv32(u32 n, u32 d)
{
	u32 q = 0;

	for (int b = fls(n) - 1; b >= 0; b--) {
		if ((n >> b) >= d) {
			n -= d << b;
			q |= 1u << b;
		}
	}
	return q;
}
#endif
