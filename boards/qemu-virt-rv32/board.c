// SPDX-License-Identifier: MIT
/*
 * QEMU's riscv32 virt machine: ns16550a console, sifive_test exit, and
 * the memory map from the device tree QEMU passes in a1.
 */
#include <baremm/board.h>
#include <baremm/fdt.h>
#include <baremm/printk.h>
#include <asm/boot.h>
#include <mm/mm.h>

#include "memlayout.h"

const char board_name[] = CONFIG_BOARD;
const char board_desc[] = "QEMU virt, RV32IMAC, M-mode";
const void *board_dtb;

static inline volatile u8 *uart_reg(unsigned int reg)
{
	return (volatile u8 *)(VIRT_UART_BASE + reg);
}

void console_putc(char c)
{
	while (!(*uart_reg(UART_LSR) & UART_LSR_THRE))
		;
	*uart_reg(UART_THR) = (u8)c;
}

void board_early_init(void)
{
	const void *dtb = (const void *)arch_boot_regs[1];
	const void *tb;
	u32 len;

	if (fdt_check(dtb))
		return;
	board_dtb = dtb;
	tb = fdt_getprop(dtb, "/cpus", "timebase-frequency", &len);
	if (tb && len == 4)
		riscv_set_timebase_hz(fdt32_to_cpu(tb));
}

/* Hand over one /memory range, clipped to what 32 bits can address. */
static void add_ram(u64 base, u64 size)
{
	const u64 top = 1ull << 32;

	if (base >= top || size == 0) {
		printk("virt: RAM 0x%llx + 0x%llx out of reach, skipped\n",
		       (unsigned long long)base, (unsigned long long)size);
		return;
	}
	if (size > top - base)
		size = top - base;
	printk("virt: RAM 0x%llx + 0x%llx (%llu MiB)\n",
	       (unsigned long long)base, (unsigned long long)size,
	       (unsigned long long)(size >> 20));
	mm_add_region((uintptr_t)base, (size_t)size);
}

void board_setup_memory(void)
{
	struct fdt_range r[4];
	int n = board_dtb ? fdt_memory(board_dtb, r, ARRAY_SIZE(r)) : -1;

	if (n > 0) {
		for (int i = 0; i < n; i++)
			add_ram(r[i].base, r[i].size);
	} else {
		pr_warn("virt: no device tree at 0x%lx, assuming %u MiB\n",
			arch_boot_regs[1], VIRT_RAM_DEFAULT >> 20);
		add_ram(VIRT_RAM_BASE, VIRT_RAM_DEFAULT);
	}
	mm_reserve((uintptr_t)__image_start,
		   (size_t)(__image_end - __image_start));
	if (board_dtb)
		mm_reserve((uintptr_t)board_dtb, fdt_totalsize(board_dtb));
}

void board_exit(int code)
{
	*(volatile u32 *)VIRT_TEST_BASE = VIRT_TEST_FAIL | (u32)code << 16;
	for (;;)
		__asm__ __volatile__("wfi");
}
