/* SPDX-License-Identifier: MIT */
/*
 * lm3s6965evb memory map (TI Stellaris LM3S6965 on QEMU 7.2,
 * `-M lm3s6965evb`). There is no device tree: this table is the board.
 *
 *   0x00000000 +===========================+ flash, 256 KiB (read-only)
 *              | .vectors (VTOR = 0), 1 KiB|
 *              |  MPU no access: NULL trap |
 *   0x00000400 +- - - - - - - - - - - - - +
 *              | .text .rodata             |
 *              | ktest_suites              |
 *              | .data's initial contents  | __data_load
 *              +---------------------------+ __flash_end
 *              | free                      |
 *   0x00040000 +===========================+
 *              | ...                       |
 *   0x20000000 +===========================+ MCU_SRAM, 64 KiB
 *              | .stack: 4 KiB boot (MSP), | __image_start (link.ld)
 *              |         1 KiB fault       |   overflow: off the bottom,
 *              | .data (copied at reset)   |   a bus fault
 *              | .bss                      |
 *              +---------------------------+ __image_end: mm_reserve()d
 *              | free (heap)               |
 *   0x20010000 +===========================+
 *              | ...                       |
 *   0x4000c000 | UART0 (PL011-compatible)  | LM3S_UART0
 *              | ...                       |
 *   0x400fe000 | system control            | LM3S_SYSCTL
 *              | ...                       |
 *   0xe000e000 | System Control Space      | SysTick, SCB, MPU (asm/v7m.h)
 *              +---------------------------+
 *
 * boards/mcu-common/sram.c hands MCU_SRAM less the image to the heap.
 */
#ifndef BOARD_MEMLAYOUT_H
#define BOARD_MEMLAYOUT_H

#define MCU_SRAM      0x20000000u
#define MCU_SRAM_SIZE 0x00010000u

/*
 * The system clock out of reset as QEMU models it: the 200 MHz PLL
 * divided by RCC.SYSDIV + 1 = 16. SysTick counts it.
 */
#define LM3S_CPU_HZ 12500000u

#define LM3S_SYSCTL	  0x400fe000u
#define LM3S_SYSCTL_RCGC1 0x104 /* run-mode clock gating 1 */
#define LM3S_RCGC1_UART0  (1u << 0)

#define LM3S_UART0	0x4000c000u /* PL011-compatible */
#define PL011_DR	0x00
#define PL011_FR	0x18
#define PL011_FR_TXFF	(1u << 5)
#define PL011_CR	0x30
#define PL011_CR_UARTEN (1u << 0)
#define PL011_CR_TXE	(1u << 8)

#endif
