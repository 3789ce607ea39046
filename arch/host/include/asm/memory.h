/* SPDX-License-Identifier: MIT */
/*
 * Address facts of a Linux process. x86-64 user space ends below 2^47, so
 * 48 bits cover it like any 64-bit target; an i386 process gets all 32.
 */
#ifndef ASM_MEMORY_H
#define ASM_MEMORY_H

#include <stdint.h>

#if __SIZEOF_POINTER__ == 8
#define ARCH_HEAP_ADDR_BITS 48
#else
#define ARCH_HEAP_ADDR_BITS 32
#endif

/* The index key of an address: the address itself. */
static inline uintptr_t arch_heap_key(uintptr_t addr)
{
	return addr;
}

#endif
