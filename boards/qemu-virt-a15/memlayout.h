/* SPDX-License-Identifier: MIT */
/*
 * qemu-virt-a15 memory map (QEMU 7.2 `-M virt,highmem=off -m 3G`), as the
 * CPUs see it with the MMU off:
 *
 *   0x00000000 +---------------------------+
 *              | NULL guard: unmapped      |
 *   0x00100000 + - - - - - - - - - - - - - + VIRT_NULL_GUARD
 *              | flash (boot ROM), unused  |  mapped Device, XN, from
 *   0x08000000 +---------------------------+  here up to RAM
 *              | GIC, ...                  |
 *   0x09000000 | PL011 UART0    VIRT_UART0 |
 *              | RTC, GPIO, virtio, PCIe   |
 *   0x40000000 +===========================+ VIRT_RAM_BASE
 *              | device tree (QEMU, 1 MiB) |  VIRT_DTB: mm_reserve()d
 *   0x40100000 +---------------------------+
 *              | free (heap)               |
 *   0x40200000 +---------------------------+ __image_start (link.ld)
 *              | .vectors .text .rodata    |
 *              | ktest_suites .data        |
 *              | .bss (16 KiB page table)  |
 *              | .stack: 4 x 16 KiB boot,  |
 *              |         4 x 2 KiB fault   |
 *              +---------------------------+ __image_end: mm_reserve()d
 *              |                           |
 *              | free (heap)               |
 *              |                           |
 *   0xffffffff +===========================+ end of RAM (-m 3G)
 *
 * The MMU maps it 1:1 (asm/mmu.h) with the caches off: the device tree's
 * RAM as Normal memory, VIRT_NULL_GUARD up to RAM as Device, and nothing
 * below VIRT_NULL_GUARD.
 *
 * RAM is learnt from the device tree's /memory node, not from this file:
 * -m picks its size, and 3 GiB reaches the top of the 32-bit space, so
 * base + size (2^32) does not fit in 32 bits. QEMU puts the device tree at
 * the base of RAM only when the ELF image leaves room below itself, hence
 * the 2 MiB gap.
 */
#ifndef BOARD_MEMLAYOUT_H
#define BOARD_MEMLAYOUT_H

/* Unmapped by the MMU: a NULL pointer, or one a little above it, traps. */
#define VIRT_NULL_GUARD 0x00100000u
#define VIRT_RAM_BASE	0x40000000u
#define VIRT_DTB	VIRT_RAM_BASE
/* RAM assumed if the device tree is missing: QEMU's default -m 128M. */
#define VIRT_RAM_DEFAULT_SIZE 0x08000000u

#define VIRT_UART0	 0x09000000u /* PL011 */
#define PL011_DR	 0x00	     /* data */
#define PL011_FR	 0x18	     /* flags */
#define PL011_FR_TXFF	 (1u << 5)   /* transmit FIFO full */
#define PL011_LCRH	 0x2c	     /* line control */
#define PL011_LCRH_WLEN8 (3u << 5)
#define PL011_LCRH_FEN	 (1u << 4) /* FIFOs on */
#define PL011_CR	 0x30	   /* control */
#define PL011_CR_UARTEN	 (1u << 0)
#define PL011_CR_TXE	 (1u << 8)
#define PL011_CR_RXE	 (1u << 9)

#endif
