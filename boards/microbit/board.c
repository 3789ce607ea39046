// SPDX-License-Identifier: MIT
/*
 * microbit: the BBC micro:bit (Nordic nRF51822, Cortex-M0), as QEMU models
 * it. The image runs from flash; the heap is the 16 KiB SRAM less the
 * stacks, .data and .bss (memlayout.h). The console is the nRF51 UART,
 * semihosting the exit device. The nRF51 has no SysTick, so the board
 * starts no counter: arch_counter() reads 0 and there is no tick.
 */
#include <baremm/board.h>
#include <baremm/printk.h>
#include <asm/semihost.h>

#include "memlayout.h"

const char board_name[] = CONFIG_BOARD;
const char board_desc[] = "QEMU BBC micro:bit, nRF51 Cortex-M0, 16 KiB "
			  "SRAM, code in flash, nRF51 UART console";
const void *board_dtb; /* none on this board */

static inline void uart_write(unsigned int reg, u32 val)
{
	*(volatile u32 *)(NRF51_UART0 + reg) = val;
}

static inline u32 uart_read(unsigned int reg)
{
	return *(volatile u32 *)(NRF51_UART0 + reg);
}

/* Enable the UART on the micro:bit's TX pin and start its transmitter. */
void board_early_init(void)
{
	uart_write(NRF51_UART_PSELTXD, MICROBIT_TX_PIN);
	uart_write(NRF51_UART_BAUDRATE, NRF51_UART_BAUD_115200);
	uart_write(NRF51_UART_ENABLE, NRF51_UART_ENABLE_ON);
	uart_write(NRF51_UART_STARTTX, 1);
}

/* One byte at a time: write TXD, wait for TXDRDY, clear it. */
void console_putc(char c)
{
	uart_write(NRF51_UART_TXD, (u8)c);
	for (u32 i = 0; i < NRF51_UART_SPIN && !uart_read(NRF51_UART_TXDRDY);
	     i++)
		;
	uart_write(NRF51_UART_TXDRDY, 0);
}

void board_exit(int code)
{
	arm_semihost_exit(code);
}
