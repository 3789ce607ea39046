/* SPDX-License-Identifier: MIT */
/*
 * microbit memory map (BBC micro:bit, Nordic nRF51822, on QEMU 7.2,
 * `-M microbit`). There is no device tree: this table is the board.
 *
 *   0x00000000 +===========================+ flash, 256 KiB (read-only)
 *              | .vectors (no VTOR on M0)  |
 *              | .text .rodata             |
 *              | ktest_suites              |
 *              | .data's initial contents  | __data_load
 *              +---------------------------+ __flash_end
 *              | free                      |
 *   0x00040000 +===========================+
 *              | ...                       |
 *   0x20000000 +===========================+ MCU_SRAM, 16 KiB
 *              | .stack: 2 KiB boot (MSP), | __image_start (link.ld)
 *              |         512 B fault       |   overflow: off the bottom,
 *              | .data (copied at reset)   |   a HardFault or a lockup
 *              | .bss                      |
 *              +---------------------------+ __image_end: mm_reserve()d
 *              | free (heap)               |
 *   0x20004000 +===========================+
 *              | ...                       |
 *   0x40002000 | UART0 (nRF51, not PL011)  | NRF51_UART0
 *              | ...                       |
 *   0x40008000 | TIMER0..2 (no SysTick)    |
 *              | ...                       |
 *   0xe000e000 | System Control Space      | NVIC, SCB
 *              +---------------------------+
 *
 * boards/mcu-common/sram.c hands MCU_SRAM less the image to the heap.
 */
#ifndef BOARD_MEMLAYOUT_H
#define BOARD_MEMLAYOUT_H

#define MCU_SRAM      0x20000000u
#define MCU_SRAM_SIZE 0x00004000u

#define NRF51_UART0	       0x40002000u
#define NRF51_UART_STARTTX     0x008 /* task: start the transmitter */
#define NRF51_UART_TXDRDY      0x11c /* event: a byte has gone */
#define NRF51_UART_ENABLE      0x500
#define NRF51_UART_ENABLE_ON   4u
#define NRF51_UART_PSELTXD     0x50c /* the TX pin */
#define NRF51_UART_TXD	       0x51c
#define NRF51_UART_BAUDRATE    0x524
#define NRF51_UART_BAUD_115200 0x01d7e000u
#define MICROBIT_TX_PIN	       24u /* P0.24: the USB interface chip */

/* Bound on the wait for TXDRDY: QEMU drops a byte it cannot send. */
#define NRF51_UART_SPIN 1000000u

#endif
