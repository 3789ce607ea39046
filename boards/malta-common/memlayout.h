/* SPDX-License-Identifier: MIT */
/*
 * The memory map of QEMU's Malta (24Kf, either byte order) as baremm uses
 * it. Everything is reached through the unmapped segments: kseg0 (cached)
 * and kseg1 (uncached) both show physical 0..512 MiB, at 0x80000000 and
 * 0xA0000000.
 *
 *   kseg1
 *   0xBFC00000 +---------------------------+ boot ROM: QEMU stub, BEV vectors
 *   0xB80003F8 |   COM1 16550: console     | ISA I/O, physical 0x180003F8
 *              :                           :
 *   kseg0      :                           :
 *   0x90000000 +---------------------------+ end of low RAM: a3, <= 256 MiB
 *              |   heap                    |
 *              +---------------------------+ __image_end
 *              |   .stack: boot, exception |
 *              |   .bss .data              |
 *              |   .rodata ktest_suites    |
 *              |   .text                   |
 *              |   vectors (EBase)         |
 *   0x80100000 +---------------------------+ __image_start (linker script)
 *              |   heap                    |
 *   0x80004000 +---------------------------+
 *              |   reserved: reset EBase   | argv 0x80002000, envp 0x80002008
 *              |   vectors, boot env       |
 *   0x80000000 +---------------------------+ physical 0
 *
 * RAM above 256 MiB (-m up to 2G) exists only at physical 0x80000000 up and
 * needs the TLB; baremm does not map it.
 */
#ifndef MALTA_MEMLAYOUT_H
#define MALTA_MEMLAYOUT_H

#define MALTA_RAM_BASE	    0x80000000u /* kseg0 view of physical 0 */
#define MALTA_LOW_RAM_MAX   0x10000000u /* 256 MiB; I/O follows */
#define MALTA_BOOT_RESERVED 0x4000u	/* vectors and boot env */

#define MALTA_UART_BASE 0xB80003F8u /* COM1, kseg1 */
#define UART_THR	0	    /* transmit holding register */
#define UART_LSR	5	    /* line status */
#define UART_LSR_THRE	0x20	    /* THR empty */

#define MALTA_CPU_HZ 320000000u /* QEMU's Malta CPU clock */

/* QEMU passes a0 = -1 when it runs with -semihosting (the UHI way). */
#define MALTA_UHI_ARGC 0xFFFFFFFFu
#define UHI_EXIT       1 /* UHI operation in t9 */

#endif
