// SPDX-License-Identifier: MIT
/*
 * The host "board": two RAM regions from mmap, so the allocator sees more
 * than one region and, on 64-bit, more than one 64 MiB arena. Sizes are
 * the board's (HOST_RAM_MIB), shared by host and host32.
 */
#include <stdio.h>
#include <sys/mman.h>

#include <baremm/board.h>
#include <baremm/printk.h>
#include <mm/mm.h>

#ifndef HOST_RAM_MIB
#define HOST_RAM_MIB 160, 24
#endif

const char board_name[] = CONFIG_BOARD;
const char board_desc[] = "Linux process, RAM from mmap";
const void *board_dtb;

void board_early_init(void)
{
}

void board_setup_memory(void)
{
	static const size_t mib[] = { HOST_RAM_MIB };

	for (unsigned int i = 0; i < sizeof(mib) / sizeof(mib[0]); i++) {
		size_t size = mib[i] << 20;
		void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1,
			       0);
		int err;

		if (p == MAP_FAILED) {
			perror("mmap");
			board_exit(1);
		}
		err = mm_add_region((uintptr_t)p, size);
		printk("ram: %p..%p (%zu MiB): %d\n", p, (char *)p + size,
		       mib[i], err);
	}
}
