// SPDX-License-Identifier: MIT
/*
 * qemu-virt-a15: QEMU's virt board with Cortex-A15 CPUs. The console is
 * the PL011, RAM comes from the device tree QEMU leaves at the base of
 * RAM, and semihosting is the exit device.
 */
#include <baremm/bitops.h>
#include <baremm/board.h>
#include <baremm/fdt.h>
#include <baremm/printk.h>
#include <asm/mmu.h>
#include <asm/semihost.h>
#include <mm/mm.h>

#include "memlayout.h"

#define RAM_RANGES_MAX 4
#define ADDR_SPACE_END (1ull << 32)

const char board_name[] = CONFIG_BOARD;
const char board_desc[] = "QEMU virt, Cortex-A15, PSCI SMP, RAM from the "
			  "device tree, PL011 console";
const void *board_dtb;

static inline void uart_write(unsigned int reg, u32 val)
{
	*(volatile u32 *)(VIRT_UART0 + reg) = val;
}

static inline u32 uart_read(unsigned int reg)
{
	return *(volatile u32 *)(VIRT_UART0 + reg);
}

/*
 * QEMU's PL011 works without any set-up; this is what real hardware needs
 * short of the baud rate, which depends on the UART clock the firmware
 * chose and is left as the firmware set it.
 */
void board_early_init(void)
{
	uart_write(PL011_CR, 0);
	uart_write(PL011_LCRH, PL011_LCRH_WLEN8 | PL011_LCRH_FEN);
	uart_write(PL011_CR, PL011_CR_UARTEN | PL011_CR_TXE | PL011_CR_RXE);
}

void console_putc(char c)
{
	while (uart_read(PL011_FR) & PL011_FR_TXFF)
		;
	uart_write(PL011_DR, (u8)c);
}

void board_exit(int code)
{
	arm_semihost_exit(code);
}

/* Map the whole sections inside a RAM range, for arm_mmu_enable(). */
static void map_ram(uintptr_t base, u64 size)
{
	u64 start = ALIGN((u64)base, ARM_SECTION_SIZE);
	u64 end = ALIGN_DOWN((u64)base + size, ARM_SECTION_SIZE);

	if (end > start)
		arm_mmu_map((uintptr_t)start, end - start, ARM_MEM_RAM);
}

static void add_ram(u64 base, u64 size)
{
	int err;

	if (base >= ADDR_SPACE_END) {
		printk("ram: 0x%llx + 0x%llx is above 4 GiB, not used\n", base,
		       size);
		return;
	}
	if (size > ADDR_SPACE_END - base) {
		printk("ram: 0x%llx + 0x%llx cut at 4 GiB\n", base, size);
		size = ADDR_SPACE_END - base;
	}
	map_ram((uintptr_t)base, size);
	/* base + size may be 2^32: pass the size, never the end. */
	err = mm_add_region((uintptr_t)base, (size_t)size);
	printk("ram: 0x%08llx + 0x%08llx (%llu MiB)%s\n", base, size,
	       size >> 20, err ? " rejected" : "");
	if (err)
		printk("ram: mm_add_region: %d\n", err);
}

static void reserve(const char *what, uintptr_t base, size_t size)
{
	int err = mm_reserve(base, size);

	printk("reserved: 0x%08lx + 0x%08zx %s\n", (unsigned long)base, size,
	       what);
	if (err)
		printk("reserved: mm_reserve(%s): %d\n", what, err);
}

/*
 * The identity map: the RAM add_ram() mapped, devices between the first
 * MiB and RAM, never executed, and nothing in the first MiB (flash, not
 * used), so that NULL pointers and small offsets from them trap.
 */
static void enable_mmu(void)
{
	int err = arm_mmu_map(VIRT_NULL_GUARD, VIRT_RAM_BASE - VIRT_NULL_GUARD,
			      ARM_MEM_DEVICE);

	if (!err)
		err = arm_mmu_enable();
	if (err)
		printk("warning: MMU off (%d), NULL pointers do not trap\n",
		       err);
}

void board_setup_memory(void)
{
	const void *dtb = (const void *)VIRT_DTB;
	struct fdt_range r[RAM_RANGES_MAX];
	int n = -1;

	if (fdt_check(dtb) == 0) {
		board_dtb = dtb;
		n = fdt_memory(dtb, r, RAM_RANGES_MAX);
	}
	if (n <= 0) {
		printk("warning: no device tree at %p, assuming %u MiB\n", dtb,
		       VIRT_RAM_DEFAULT_SIZE >> 20);
		r[0].base = VIRT_RAM_BASE;
		r[0].size = VIRT_RAM_DEFAULT_SIZE;
		n = 1;
	}
	for (int i = 0; i < n; i++)
		add_ram(r[i].base, r[i].size);
	enable_mmu();

	if (board_dtb)
		reserve("device tree", VIRT_DTB,
			ALIGN((size_t)fdt_totalsize(board_dtb), 4096));
	reserve("image", (uintptr_t)__image_start,
		(size_t)(__image_end - __image_start));
}
