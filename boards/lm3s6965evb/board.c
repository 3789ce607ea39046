// SPDX-License-Identifier: MIT
/*
 * lm3s6965evb: TI's Stellaris LM3S6965 evaluation board (Cortex-M3), as
 * QEMU models it, the board of FreeRTOS's own QEMU demo. The image runs
 * from flash; the heap is the 64 KiB SRAM less the stacks, .data and
 * .bss (memlayout.h). The console is UART0, semihosting the exit device.
 */
#include <baremm/board.h>
#include <baremm/printk.h>
#include <asm/semihost.h>
#include <asm/v7m.h>

#include "memlayout.h"

const char board_name[] = CONFIG_BOARD;
const char board_desc[] = "QEMU Stellaris LM3S6965EVB, Cortex-M3, 64 KiB "
			  "SRAM, code in flash, PL011 UART console";
const void *board_dtb; /* none on this board */

static inline void reg_write(u32 addr, u32 val)
{
	*(volatile u32 *)addr = val;
}

static inline u32 reg_read(u32 addr)
{
	return *(volatile u32 *)addr;
}

/* Clock the UART, then enable it and its transmitter. */
void board_early_init(void)
{
	reg_write(LM3S_SYSCTL + LM3S_SYSCTL_RCGC1,
		  reg_read(LM3S_SYSCTL + LM3S_SYSCTL_RCGC1) | LM3S_RCGC1_UART0);
	reg_write(LM3S_UART0 + PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE);
	v7m_counter_start(LM3S_CPU_HZ);
}

void console_putc(char c)
{
	while (reg_read(LM3S_UART0 + PL011_FR) & PL011_FR_TXFF)
		;
	reg_write(LM3S_UART0 + PL011_DR, (u8)c);
}

void board_exit(int code)
{
	arm_semihost_exit(code);
}
