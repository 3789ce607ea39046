/* SPDX-License-Identifier: MIT */
/*
 * mps2-an385 memory map (ARM AN385 on QEMU 7.2, `-M mps2-an385 -m 16M`).
 * There is no device tree: this table is the board's RAM.
 *
 *   0x00000000 +===========================+ MPS2_SSRAM1, 4 MiB
 *              | .vectors (VTOR = 0), 1 KiB| __image_start (link.ld)
 *              |  MPU no access: NULL trap |
 *   0x00000400 +- - - - - - - - - - - - - +
 *              | .text .rodata             |
 *              | ktest_suites .data .bss   |
 *              | .stack: 16 KiB boot (MSP),|
 *              |         2 KiB fault       |
 *              +---------------------------+ __image_end: mm_reserve()d
 *              | free (heap)               |
 *   0x00400000 +===========================+
 *              | SSRAM1 mirror, not used   |
 *   0x00800000 +---------------------------+
 *              | ...                       |
 *   0x20000000 +===========================+ MPS2_SSRAM23, 4 MiB
 *              | free (heap)               |
 *   0x20400000 +===========================+
 *              | ...                       |
 *   0x21000000 +===========================+ MPS2_PSRAM, 16 MiB (-m 16M)
 *              | free (heap)               |
 *   0x22000000 +===========================+
 *              | ...                       |
 *   0x40004000 | CMSDK APB UART0           | MPS2_UART0
 *              | ...                       |
 *   0xe000e000 | System Control Space      | SysTick, SCB (asm/v7m.h)
 *              +---------------------------+
 *
 * The 16 KiB block RAM at 0x01000000 is left alone. Address 0 is RAM
 * here, and the allocator is handed the bank that starts at it.
 */
#ifndef BOARD_MEMLAYOUT_H
#define BOARD_MEMLAYOUT_H

#define MPS2_SSRAM1	  0x00000000u
#define MPS2_SSRAM1_SIZE  0x00400000u
#define MPS2_SSRAM23	  0x20000000u
#define MPS2_SSRAM23_SIZE 0x00400000u
#define MPS2_PSRAM	  0x21000000u
#define MPS2_PSRAM_SIZE	  0x01000000u

#define MPS2_CPU_HZ 25000000u /* SysTick's clock too */

#define MPS2_UART0		0x40004000u /* CMSDK APB UART */
#define CMSDK_UART_DATA		0x00
#define CMSDK_UART_STATE	0x04
#define CMSDK_UART_STATE_TXFULL (1u << 0)
#define CMSDK_UART_CTRL		0x08
#define CMSDK_UART_CTRL_TXEN	(1u << 0)
#define CMSDK_UART_BAUDDIV	0x10
#define MPS2_UART_BAUD		115200u

#endif
