/* SPDX-License-Identifier: MIT */
/*
 * Address facts of 32-bit ARM, and the stack sizes the start-up code
 * reserves in the .stack section. Also included from assembly.
 */
#ifndef ASM_MEMORY_H
#define ASM_MEMORY_H

/* Boot stack of each CPU: 16 KiB unless the board says (arch/Kconfig). */
#define THREAD_SHIFT CONFIG_ARM_THREAD_SHIFT
#define THREAD_SIZE  (1 << THREAD_SHIFT)

/*
 * Stack of each CPU's exception handlers: faults are reported on a stack of
 * their own, so a fault caused by a runaway stack can still be printed.
 */
#define FAULT_STACK_SHIFT CONFIG_ARM_FAULT_STACK_SHIFT
#define FAULT_STACK_SIZE  (1 << FAULT_STACK_SHIFT)

#ifndef __ASSEMBLY__
#include <stdint.h>

/* Addresses are physical (the v7-A MMU maps 1:1), all 32 bits of them. */
#define ARCH_HEAP_ADDR_BITS 32

/* The index key of an address: the address itself. */
static inline uintptr_t arch_heap_key(uintptr_t addr)
{
	return addr;
}
#endif

#endif
