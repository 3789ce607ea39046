// SPDX-License-Identifier: MIT
/*
 * mps2-an385: ARM's MPS2 FPGA board with the AN385 Cortex-M3 image, as
 * QEMU models it. The console is CMSDK UART0, RAM is the fixed table of
 * memlayout.h (no device tree), and semihosting is the exit device.
 */
#include <baremm/board.h>
#include <baremm/printk.h>
#include <asm/semihost.h>
#include <asm/v7m.h>
#include <mm/mm.h>

#include "memlayout.h"

const char board_name[] = CONFIG_BOARD;
const char board_desc[] = "QEMU MPS2 AN385, Cortex-M3, SSRAM + PSRAM, "
			  "CMSDK UART console";
const void *board_dtb; /* none on this board */

static const struct {
	const char *name;
	uintptr_t base;
	size_t size;
} ram_banks[] = {
	{"SSRAM1", MPS2_SSRAM1, MPS2_SSRAM1_SIZE},
	{"SSRAM2/3", MPS2_SSRAM23, MPS2_SSRAM23_SIZE},
	{"PSRAM", MPS2_PSRAM, MPS2_PSRAM_SIZE},
};

static inline void uart_write(unsigned int reg, u32 val)
{
	*(volatile u32 *)(MPS2_UART0 + reg) = val;
}

static inline u32 uart_read(unsigned int reg)
{
	return *(volatile u32 *)(MPS2_UART0 + reg);
}

/* The UART drops everything until CTRL.TXEN is set. */
void board_early_init(void)
{
	uart_write(CMSDK_UART_BAUDDIV, MPS2_CPU_HZ / MPS2_UART_BAUD);
	uart_write(CMSDK_UART_CTRL, CMSDK_UART_CTRL_TXEN);
	v7m_counter_start(MPS2_CPU_HZ);
}

void console_putc(char c)
{
	while (uart_read(CMSDK_UART_STATE) & CMSDK_UART_STATE_TXFULL)
		;
	uart_write(CMSDK_UART_DATA, (u8)c);
}

void board_exit(int code)
{
	arm_semihost_exit(code);
}

void board_setup_memory(void)
{
	uintptr_t image = (uintptr_t)__image_start;
	size_t image_size = (size_t)(__image_end - __image_start);
	int err;

	for (unsigned int i = 0; i < ARRAY_SIZE(ram_banks); i++) {
		err = mm_add_region(ram_banks[i].base, ram_banks[i].size);
		printk("ram: 0x%08lx + 0x%08zx (%zu MiB) %s%s\n",
		       (unsigned long)ram_banks[i].base, ram_banks[i].size,
		       ram_banks[i].size >> 20, ram_banks[i].name,
		       err ? " rejected" : "");
		if (err)
			printk("ram: mm_add_region: %d\n", err);
	}
	err = mm_reserve(image, image_size);
	printk("reserved: 0x%08lx + 0x%08zx image and stacks\n",
	       (unsigned long)image, image_size);
	if (err)
		printk("reserved: mm_reserve(image): %d\n", err);
}
