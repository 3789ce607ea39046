// SPDX-License-Identifier: MIT
/*
 * board_setup_memory() of the microcontroller boards that run from flash
 * (arch/arm/image-xip.ld): one SRAM bank, MCU_SRAM + MCU_SRAM_SIZE from
 * the board's memlayout.h. The image holds its bottom (stacks, .data,
 * .bss); the rest is the heap. Flash is not handed to the allocator.
 */
#include <baremm/board.h>
#include <baremm/printk.h>
#include <mm/mm.h>

#include "memlayout.h"

void board_setup_memory(void)
{
	uintptr_t image = (uintptr_t)__image_start;
	size_t image_size = (size_t)(__image_end - __image_start);
	int err;

	err = mm_add_region(MCU_SRAM, MCU_SRAM_SIZE);
	printk("ram: 0x%08lx + 0x%08x (%u KiB) SRAM%s\n",
	       (unsigned long)MCU_SRAM, MCU_SRAM_SIZE, MCU_SRAM_SIZE >> 10,
	       err ? " rejected" : "");
	if (err)
		printk("ram: mm_add_region: %d\n", err);
	err = mm_reserve(image, image_size);
	printk("reserved: 0x%08lx + 0x%08zx stacks, data, bss; heap %zu B\n",
	       (unsigned long)image, image_size, MCU_SRAM_SIZE - image_size);
	if (err)
		printk("reserved: mm_reserve(image): %d\n", err);
}
