/* SPDX-License-Identifier: MIT */
/*
 * ARMv7-A identity map (mmu-v7a.c). The MMU is only used to give memory
 * types and permissions to physical addresses, in 1 MiB sections: what
 * the board leaves unmapped, such as the first MiB, traps, so a NULL
 * pointer dereference or call is a data or prefetch abort instead of a
 * silent read of flash. Caches stay off.
 */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#include <baremm/types.h>

#define ARM_SECTION_SHIFT 20
#define ARM_SECTION_SIZE  (1u << ARM_SECTION_SHIFT)

enum arm_mem_type {
	ARM_MEM_NONE,	/* unmapped: every access aborts */
	ARM_MEM_DEVICE, /* Device, never executed */
	ARM_MEM_RAM,	/* Normal, non-cacheable, shareable, executable */
};

/*
 * arm_mmu_map - give [@base, @base + @size) memory type @type; both ends
 * on 1 MiB boundaries, and @size up to 4 GiB - @base. Before
 * arm_mmu_enable() only.
 * Return: 0, -EINVAL for a misaligned or out-of-range request, -EBUSY
 * once the MMU is on.
 */
int arm_mmu_map(uintptr_t base, u64 size, enum arm_mem_type type);

/*
 * arm_mmu_enable - turn the MMU on on the calling CPU (CPU 0); secondary
 * CPUs follow on their own at secondary_entry.
 * Return: 0, or -EINVAL (MMU left off) when the map does not cover the
 * image as RAM: the CPU would abort on its next instruction fetch.
 */
int arm_mmu_enable(void);

#endif
