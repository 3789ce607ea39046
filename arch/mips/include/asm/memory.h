/* SPDX-License-Identifier: MIT */
/*
 * Address facts of MIPS32: which addresses the heap index may cover, and
 * the key it files an address under.
 *
 * The 4 GiB virtual space is cut into kuseg (0..0x7FFFFFFF, mapped by the
 * TLB), kseg0 and kseg1 (0x80000000..0x9FFFFFFF cached and
 * 0xA0000000..0xBFFFFFFF uncached, both a window on physical 0..512 MiB) and
 * kseg2/3 (0xC0000000 up, mapped). Like Go on MIPS32, the heap index covers
 * 2 GiB (31 bits), not 4: the key of a kseg0/kseg1 address is its physical
 * address, so both windows on one page share its key, and every other
 * address keys as itself. kuseg therefore fits, while kseg2/3 keys lie
 * beyond 2^31 and the allocator refuses them (-ERANGE). A port that maps
 * kuseg must not also hand the same physical pages over through kseg0: the
 * keys would collide and mm_add_region() reports the overlap.
 */
#ifndef ASM_MEMORY_H
#define ASM_MEMORY_H

#include <stdint.h>

#define ARCH_HEAP_ADDR_BITS 31

#define MIPS_KSEG0     0x80000000u
#define MIPS_KSEG2     0xC0000000u
#define MIPS_PHYS_MASK 0x1FFFFFFFu /* kseg0/kseg1 offset = physical */

/* The index key of @addr: physical for kseg0/kseg1, else the address. */
static inline uintptr_t arch_heap_key(uintptr_t addr)
{
	if (addr - MIPS_KSEG0 < MIPS_KSEG2 - MIPS_KSEG0)
		return addr & MIPS_PHYS_MASK;
	return addr;
}

#endif
