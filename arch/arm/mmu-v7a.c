// SPDX-License-Identifier: MIT
/*
 * ARMv7-A flat identity map: one short-descriptor level-1 table of 4096
 * section entries, shared by every CPU. The board fills it at boot and
 * CPU 0 turns it on; each secondary turns it on at its entry. With SCTLR.C
 * and SCTLR.I clear nothing is ever cached, so no cache maintenance is
 * needed anywhere: not here, not for PSCI CPU_ON, not for the allocator.
 */
#include <baremm/board.h>
#include <baremm/errno.h>
#include <asm/mmu.h>

/* Section descriptor fields (ARM ARM B3.5.1), TEX remap and AF off. */
#define SECT		0x2u
#define SECT_B		(1u << 2)
#define SECT_XN		(1u << 4)
#define SECT_AP_RW	(3u << 10) /* read/write at PL1 and PL0 */
#define SECT_TEX_NORMAL (1u << 12) /* TEX 001, C 0, B 0: Normal NC */
#define SECT_S		(1u << 16) /* shareable */

#define SCTLR_M		(1u << 0)
#define SCTLR_TRE	(1u << 28)
#define SCTLR_AFE	(1u << 29)
#define DACR_ALL_CLIENT 0x55555555u /* permissions come from AP bits */

#define L1_ENTRIES 4096

void arm_mmu_secondary(void);

/* A section of its own, which image.ld puts first in .bss: 16 KiB aligned. */
static u32 l1_table[L1_ENTRIES] __aligned(16 << 10) __section(".bss.l1_table");
static u32 mmu_on; /* CPU 0 turned it on; secondaries follow */

static const u32 sect_attrs[] = {
	[ARM_MEM_NONE] = 0,
	[ARM_MEM_DEVICE] = SECT | SECT_B | SECT_XN | SECT_AP_RW,
	[ARM_MEM_RAM] = SECT | SECT_TEX_NORMAL | SECT_S | SECT_AP_RW,
};

int arm_mmu_map(uintptr_t base, u64 size, enum arm_mem_type type)
{
	u64 first = base >> ARM_SECTION_SHIFT;
	u64 n = size >> ARM_SECTION_SHIFT;

	if (mmu_on)
		return -EBUSY;
	if ((base | size) & (ARM_SECTION_SIZE - 1) || first + n > L1_ENTRIES ||
	    (unsigned int)type >= ARRAY_SIZE(sect_attrs))
		return -EINVAL;
	for (u32 i = (u32)first; i < first + n; i++) {
		u32 pa = i << ARM_SECTION_SHIFT;

		l1_table[i] = type == ARM_MEM_NONE ? 0 : pa | sect_attrs[type];
	}
	return 0;
}

static void mmu_enable_this_cpu(void)
{
	u32 sctlr;

	__asm__ __volatile__("dsb\n\t" /* table writes done */
			     "mcr p15, 0, %0, c2, c0, 2\n\t" /* TTBCR */
			     "mcr p15, 0, %1, c2, c0, 0\n\t" /* TTBR0 */
			     "mcr p15, 0, %2, c3, c0, 0\n\t" /* DACR */
			     "mcr p15, 0, %0, c8, c7, 0\n\t" /* TLBIALL */
			     "dsb\n\t"
			     "isb"
			     :
			     : "r"(0), "r"(l1_table), "r"(DACR_ALL_CLIENT)
			     : "memory");
	__asm__ __volatile__("mrc p15, 0, %0, c1, c0, 0" : "=r"(sctlr));
	sctlr = (sctlr | SCTLR_M) & ~(SCTLR_TRE | SCTLR_AFE);
	__asm__ __volatile__("mcr p15, 0, %0, c1, c0, 0\n\tisb"
			     :
			     : "r"(sctlr)
			     : "memory");
}

static bool mapped_as_ram(uintptr_t start, uintptr_t end)
{
	for (u32 i = start >> ARM_SECTION_SHIFT;
	     i <= (end - 1) >> ARM_SECTION_SHIFT; i++)
		if (l1_table[i] !=
		    (i << ARM_SECTION_SHIFT | sect_attrs[ARM_MEM_RAM]))
			return false;
	return true;
}

int arm_mmu_enable(void)
{
	if (!mapped_as_ram((uintptr_t)__image_start, (uintptr_t)__image_end))
		return -EINVAL;
	mmu_enable_this_cpu();
	__atomic_store_n(&mmu_on, 1, __ATOMIC_RELEASE);
	return 0;
}

/* Called by secondary_entry, on the CPU's own stack, before C proper. */
void arm_mmu_secondary(void)
{
	if (__atomic_load_n(&mmu_on, __ATOMIC_ACQUIRE))
		mmu_enable_this_cpu();
}
