// SPDX-License-Identifier: MIT
/*
 * QEMU virt with Cortex-A53s: PL011 console, semihosting exit, and RAM and
 * reservations taken from the device tree QEMU leaves at the base of RAM.
 */
#include <baremm/board.h>
#include <baremm/fdt.h>
#include <baremm/printk.h>
#include <mm/mm.h>

#include "memlayout.h"

/* PL011 registers (ARM DDI 0183) and the bits used. */
#define UART_DR	       0x00
#define UART_FR	       0x18
#define UART_CR	       0x30
#define UART_FR_TXFF   (1u << 5) /* transmit FIFO full */
#define UART_CR_UARTEN (1u << 0)
#define UART_CR_TXE    (1u << 8)

/* Arm semihosting (IHI 0073): operation in w0, parameter block in x1. */
#define SEMIHOST_SYS_EXIT	     0x18
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

const char board_name[] = CONFIG_BOARD;
const char board_desc[] = "QEMU virt, Cortex-A53, PL011, PSCI SMP";
const void *board_dtb;

static inline u32 uart_read(unsigned int reg)
{
	return *(volatile u32 *)(VIRT_UART0_BASE + reg);
}

static inline void uart_write(unsigned int reg, u32 val)
{
	*(volatile u32 *)(VIRT_UART0_BASE + reg) = val;
}

/*
 * QEMU's PL011 prints without set-up; on hardware firmware has set the
 * baud rate, so only make sure the UART and its transmitter are on.
 */
void board_early_init(void)
{
	u32 cr = uart_read(UART_CR);
	u32 on = UART_CR_UARTEN | UART_CR_TXE;

	if ((cr & on) != on)
		uart_write(UART_CR, cr | on);
}

void console_putc(char c)
{
	while (uart_read(UART_FR) & UART_FR_TXFF)
		;
	uart_write(UART_DR, (u8)c);
}

/* SYS_EXIT with {ApplicationExit, code}: QEMU exits with @code. */
void board_exit(int code)
{
	u64 block[2] = {ADP_STOPPED_APPLICATION_EXIT, (u64)code};
	register unsigned long x0 __asm__("x0") = SEMIHOST_SYS_EXIT;
	register unsigned long x1 __asm__("x1") = (unsigned long)block;

	__asm__ __volatile__("hlt #0xf000" : "+r"(x0) : "r"(x1) : "memory");
	/* Not reached: without semihosting the hlt traps to arm64_fault. */
	for (;;)
		__asm__ __volatile__("wfi");
}

static void reserve(u64 base, u64 size, const char *what)
{
	int err = mm_reserve((uintptr_t)base, (size_t)size);

	if (err)
		pr_err("cannot reserve %s 0x%llx+0x%llx: %d\n", what,
		       (unsigned long long)base, (unsigned long long)size, err);
}

static u64 be64(const u8 *p)
{
	return (u64)fdt32_to_cpu(p) << 32 | fdt32_to_cpu(p + 4);
}

/*
 * The DTB's own /memreserve/ list: pairs of big-endian u64 ending in a
 * zero size, read no further than the blob's end.
 */
static void reserve_dtb_rsvmap(const void *dtb)
{
	const u8 *p = (const u8 *)dtb + fdt32_to_cpu((const u8 *)dtb + 16);
	const u8 *end = (const u8 *)dtb + fdt_totalsize(dtb);

	for (; p + 16 <= end; p += 16) {
		u64 base = be64(p), size = be64(p + 8);

		if (!size)
			break;
		reserve(base, size, "/memreserve/");
	}
}

void board_setup_memory(void)
{
	const void *dtb = (const void *)VIRT_DTB_BASE;
	struct fdt_range ram[VIRT_MAX_RAM_RANGES];
	int n = 0;

	if (!fdt_check(dtb)) {
		board_dtb = dtb;
		n = fdt_memory(dtb, ram, VIRT_MAX_RAM_RANGES);
	}
	if (n <= 0) {
		pr_warn("no DTB /memory at 0x%lx; assuming %lu MiB of RAM\n",
			VIRT_DTB_BASE, VIRT_RAM_SIZE_FALLBACK >> 20);
		ram[0].base = VIRT_RAM_BASE;
		ram[0].size = VIRT_RAM_SIZE_FALLBACK;
		n = 1;
	}
	for (int i = 0; i < n; i++) {
		int err = mm_add_region((uintptr_t)ram[i].base,
					(size_t)ram[i].size);

		printk("ram: 0x%llx..0x%llx (%llu MiB): %d\n",
		       (unsigned long long)ram[i].base,
		       (unsigned long long)(ram[i].base + ram[i].size),
		       (unsigned long long)(ram[i].size >> 20), err);
	}
	if (board_dtb) {
		reserve(VIRT_DTB_BASE, fdt_totalsize(board_dtb), "DTB");
		reserve_dtb_rsvmap(board_dtb);
	}
	reserve((uintptr_t)__image_start,
		(uintptr_t)(__image_end - __image_start), "image");
}
