// SPDX-License-Identifier: MIT
/*
 * The Malta board under QEMU, shared by malta-be and malta-le: COM1
 * console, UHI semihosting exit, and low RAM from the size the boot stub
 * leaves in a3.
 */
#include <baremm/board.h>
#include <baremm/printk.h>
#include <asm/boot.h>
#include <mm/mm.h>

#include "memlayout.h"

const char board_name[] = CONFIG_BOARD;
#ifdef __MIPSEB__
const char board_desc[] = "QEMU Malta, MIPS32r2 24Kf, big-endian";
#else
const char board_desc[] = "QEMU Malta, MIPS32r2 24Kf, little-endian";
#endif
const void *board_dtb; /* Malta boots with no device tree */

static inline volatile u8 *uart_reg(unsigned int reg)
{
	return (volatile u8 *)(MALTA_UART_BASE + reg);
}

void console_putc(char c)
{
	while (!(*uart_reg(UART_LSR) & UART_LSR_THRE))
		;
	*uart_reg(UART_THR) = (u8)c;
}

void board_early_init(void)
{
	/* YAMON (or QEMU) has set the UART up; only the clock is ours. */
	mips_set_cpu_hz(MALTA_CPU_HZ);
}

void board_setup_memory(void)
{
	unsigned long ram = arch_boot_regs[3];

	if (ram == 0 || ram > MALTA_LOW_RAM_MAX) {
		pr_warn("malta: a3 = 0x%lx is no RAM size, using 0x%x\n", ram,
			MALTA_LOW_RAM_MAX);
		ram = MALTA_LOW_RAM_MAX;
	}
	printk("malta: low RAM %lu MiB at 0x%x\n", ram >> 20, MALTA_RAM_BASE);
	mm_add_region(MALTA_RAM_BASE, ram);
	mm_reserve(MALTA_RAM_BASE, MALTA_BOOT_RESERVED);
	mm_reserve((uintptr_t)__image_start,
		   (size_t)(__image_end - __image_start));
}

/*
 * UHI exit: t9 = operation, a0 = status, then sdbbp 1. Without
 * -semihosting the sdbbp would enter the ROM's debug vector and hang
 * silently, so say why and stop instead.
 */
void board_exit(int code)
{
	if (arch_boot_regs[0] == MALTA_UHI_ARGC) {
		register unsigned long op __asm__("$25") = UHI_EXIT;
		register long status __asm__("$4") = code;

		__asm__ __volatile__("sdbbp 1" : : "r"(op), "r"(status));
	} else {
		printk("malta: exit %d needs QEMU's -semihosting; halting\n",
		       code);
	}
	for (;;)
		__asm__ __volatile__("wait");
}
