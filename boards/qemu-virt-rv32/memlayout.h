/* SPDX-License-Identifier: MIT */
/*
 * The memory map of QEMU's riscv32 virt machine as baremm uses it, with
 * -m 2G and -bios none: the image runs in M-mode from the base of RAM, and
 * RAM ends at the very top of the 32-bit space.
 *
 *   0xFFFFFFFF +---------------------------+ end of RAM (-m 2G)
 *              |   heap                    |
 *   0xBFE00000 |   device tree             | top 2 MiB below 3 GiB; a1 at entry
 *              |   heap                    |
 *              +---------------------------+ __image_end
 *              |   .stack: boot, trap      |
 *              |   .bss .data              |
 *              |   .rodata ktest_suites    |
 *              |   .text                   |
 *   0x80000000 +---------------------------+ RAM base, _start, __image_start
 *              :                           :
 *   0x10000000 |   ns16550a UART: console  |
 *   0x02000000 |   CLINT (mtime)           |
 *   0x00100000 |   sifive_test: exit       |
 *   0x00000000 +---------------------------+
 *
 * RAM's size comes from the device tree; base + size may be 2^32, so it
 * is passed on as base and size, never as an end address.
 */
#ifndef VIRT_MEMLAYOUT_H
#define VIRT_MEMLAYOUT_H

#define VIRT_RAM_BASE	 0x80000000u
#define VIRT_RAM_DEFAULT 0x08000000u /* QEMU's -m default, 128 MiB */

#define VIRT_UART_BASE 0x10000000u
#define UART_THR       0    /* transmit holding register */
#define UART_LSR       5    /* line status */
#define UART_LSR_THRE  0x20 /* THR empty */

#define VIRT_TEST_BASE 0x00100000u /* sifive_test */
#define VIRT_TEST_FAIL 0x3333u	   /* | code << 16: exit(code) */

#endif
