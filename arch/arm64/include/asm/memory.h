/* SPDX-License-Identifier: MIT */
/*
 * Address facts of AArch64: with the MMU off every address is physical,
 * and 48 bits cover any physical address range a Cortex-A reports
 * (the A53 has 40).
 */
#ifndef ASM_MEMORY_H
#define ASM_MEMORY_H

#include <stdint.h>

#define ARCH_HEAP_ADDR_BITS 48

/* The index key of an address: the address itself. */
static inline uintptr_t arch_heap_key(uintptr_t addr)
{
	return addr;
}

#endif
