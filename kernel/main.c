// SPDX-License-Identifier: MIT
/*
 * start_kernel: the C entry of CPU 0 on every board. Console, memory map,
 * allocator, secondary CPUs, then the self-test, a short demo and the heap
 * statistics; the exit status tells the runner how it went.
 */
#include <baremm/arch.h>
#include <baremm/board.h>
#include <baremm/exit.h>
#include <baremm/panic.h>
#include <baremm/printk.h>
#include <baremm/smp.h>
#include <asm/memory.h>
#include <mm/mm.h>

void demo_run(void);
void __noreturn start_kernel(void);

/* Weak: a hosted port links no image bounds, and they read as 0. */
extern char __image_start[] __attribute__((weak));
extern char __image_end[] __attribute__((weak));

void start_kernel(void)
{
	unsigned int cpus;
	int err;

	board_early_init();
	printk("baremm on %s: %s\n", board_name, board_desc);
	printk("arch: %u-bit, heap address bits %u, page %u B, arena %u KiB\n",
	       (unsigned int)(sizeof(long) * 8), ARCH_HEAP_ADDR_BITS,
	       1u << CONFIG_PAGE_SHIFT, (1u << CONFIG_ARENA_SHIFT) >> 10);
	board_setup_memory();
	err = mm_init();
	if (err)
		panic("mm_init failed: %d", err);
	/* The image's data, bss and stacks are the scanner's default root;
	 * a hosted port has no such symbols and registers its own roots. */
	if ((uintptr_t)__image_end > (uintptr_t)__image_start)
		mm_register_image(__image_start,
				  (size_t)(__image_end - __image_start));
	cpus = smp_init();
	printk("smp: %u CPU%s online\n", cpus, cpus > 1 ? "s" : "");

	err = mm_selftest();
	demo_run();
	printk("RESULT: %s\n", err ? "FAIL" : "PASS");
	board_exit(err ? EXIT_FAIL : EXIT_PASS);
}
