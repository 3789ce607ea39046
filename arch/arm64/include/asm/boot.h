/* SPDX-License-Identifier: MIT */
/*
 * Stack geometry shared by the boot code (head.S), the exception entry
 * (entry.S) and C. Every CPU has a boot stack and a separate fault stack,
 * so a fault caused by a stack overflow can still be reported.
 */
#ifndef ASM_BOOT_H
#define ASM_BOOT_H

#define ARM64_STACK_SHIFT	14 /* 16 KiB boot stack per CPU */
#define ARM64_FAULT_STACK_SHIFT 12 /* 4 KiB fault stack per CPU */

/*
 * Linear CPU index from MPIDR_EL1: one cluster, Aff0 is the CPU. No
 * UL suffix: head.S uses the mask too, and it is a long in C anyway.
 */
#define ARM64_MPIDR_AFF0     0xff
#define ARM64_MPIDR_AFF_MASK 0xff00ffffff

#ifndef __ASSEMBLY__
extern char boot_stacks[], fault_stacks[];
extern char secondary_entry[];
#endif

#endif
