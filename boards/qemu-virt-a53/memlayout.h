/* SPDX-License-Identifier: MIT */
/*
 * Physical memory map of QEMU's virt board (AArch64) as this image uses
 * it. The MMU is off, so every address below is physical and is also the
 * pointer C code uses. RAM size comes from the DTB (/memory); -m 8G gives:
 *
 *   0x2_4000_0000 +--------------------------------+ end of RAM (-m 8G)
 *                 |                                |
 *                 |  heap: mm_add_region(RAM),     |  above 4 GiB too:
 *                 |  less what is reserved below   |  64-bit pointers,
 *                 |                                |  no MMU needed
 *                 +--------------------------------+ __image_end
 *                 | .bss                           |  zeroed by head.S
 *                 | .data                          |
 *                 | .rodata, ktest_suites          |
 *                 | .text  (_start first)          |  ELF entry
 *                 +--------------------------------+
 *                 | .stack  boot + fault stacks    |  NOLOAD, lowest: an
 *                 |                                |  overflow runs down,
 *                 |                                |  away from the code
 *   0x0_4020_0000 +--------------------------------+ __image_start
 *                 | unused: heap (1 MiB)           |  LOAD_ADDR, board.mk
 *   0x0_4010_0000 +--------------------------------+
 *                 | DTB written by QEMU            |  reserved:
 *                 | (fdt_totalsize, 1 MiB)         |  fdt_totalsize()
 *   0x0_4000_0000 +--------------------------------+ RAM base, DTB
 *                 :                                :
 *   0x0_0900_0000   PL011 UART0 (serial0, stdio)
 *   0x0_0800_0000   GICv2: the timer's PPI, the SGI that wakes CPUs
 *   0x0_0000_0000   flash (empty without -bios)
 */
#ifndef BOARD_MEMLAYOUT_H
#define BOARD_MEMLAYOUT_H

#define VIRT_RAM_BASE	0x40000000UL
#define VIRT_DTB_BASE	VIRT_RAM_BASE
#define VIRT_UART0_BASE 0x09000000UL

/* QEMU's default -m, assumed only when the DTB gives no /memory. */
#define VIRT_RAM_SIZE_FALLBACK (128UL << 20)

/* /memory ranges read from the DTB; QEMU's virt board writes one. */
#define VIRT_MAX_RAM_RANGES 4

#endif
