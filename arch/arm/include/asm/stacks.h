/* SPDX-License-Identifier: MIT */
/*
 * The stacks, for the end of each head-*.S: NOLOAD, a THREAD_SIZE stack
 * per CPU, then a fault stack per CPU. tools/footprint reports the .stack
 * section apart from .bss.
 */
#ifndef ASM_STACKS_H
#define ASM_STACKS_H

#ifndef __ASSEMBLY__
#error "asm/stacks.h is for head-*.S"
#endif

#include <asm/memory.h>

	.section .stack, "aw", %nobits
	.balign	16
	.global	__stacks
__stacks:
	.space	THREAD_SIZE * CONFIG_NR_CPUS
__fault_stacks:
	.space	FAULT_STACK_SIZE * CONFIG_NR_CPUS

#endif
