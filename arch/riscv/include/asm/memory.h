/* SPDX-License-Identifier: MIT */
/*
 * Address facts of RV32 in M-mode: addresses are physical, and the heap
 * index covers all 4 GiB, since RAM reaches 0xFFFFFFFF with 2 GiB at
 * 0x80000000.
 */
#ifndef ASM_MEMORY_H
#define ASM_MEMORY_H

#include <stdint.h>

#define ARCH_HEAP_ADDR_BITS 32

/* The index key of an address: the address itself. */
static inline uintptr_t arch_heap_key(uintptr_t addr)
{
	return addr;
}

#endif
