// SPDX-License-Identifier: MIT
/*
 * The host "board": two RAM regions from mmap, so the allocator sees more
 * than one region and, on 64-bit, more than one 64 MiB arena. Sizes are
 * the board's (HOST_RAM_MIB), shared by host and host32.
 *
 * Where mmap puts memory changes from run to run (ASLR), but where the
 * regions sit against the arena grid must not: which tests can place an
 * object across an arena boundary, and how much metadata each arena
 * costs, follow from it. So one window is reserved, its start rounded up
 * to an arena, and the regions are laid in it at fixed offsets:
 *
 *   window: | hole | region 0 ...          | hole  | region 1 ... |
 *            A/2                          A/2
 *
 * (A = ARENA_SIZE). Region 0 starts in the middle of an arena, so it
 * crosses a boundary whenever it is longer than half an arena; the holes
 * keep the regions apart, so they stay two regions.
 */
#include <stdio.h>
#include <sys/mman.h>

#include <baremm/board.h>
#include <baremm/printk.h>
#include <mm/mm.h>

#ifndef HOST_RAM_MIB
#define HOST_RAM_MIB 160, 24
#endif

#define HOST_ARENA	((uintptr_t)1 << CONFIG_ARENA_SHIFT)
#define HOST_GAP	(HOST_ARENA / 2)

const char board_name[] = CONFIG_BOARD;
const char board_desc[] = "Linux process, RAM from mmap";
const void *board_dtb;

void board_early_init(void)
{
}

void board_setup_memory(void)
{
	static const size_t mib[] = { HOST_RAM_MIB };
	size_t window = HOST_ARENA; /* room to round the start up */
	uintptr_t at;
	char *p;

	for (unsigned int i = 0; i < sizeof(mib) / sizeof(mib[0]); i++)
		window += HOST_GAP + (mib[i] << 20);
	p = mmap(NULL, window, PROT_NONE,
		 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		perror("mmap");
		board_exit(1);
	}
	at = ((uintptr_t)p + HOST_ARENA - 1) & ~(HOST_ARENA - 1);
	for (unsigned int i = 0; i < sizeof(mib) / sizeof(mib[0]); i++) {
		size_t size = mib[i] << 20;
		int err;

		at += HOST_GAP;
		if (mprotect((void *)at, size, PROT_READ | PROT_WRITE)) {
			perror("mprotect");
			board_exit(1);
		}
		err = mm_add_region(at, size);
		printk("ram: %p..%p (%zu MiB): %d\n", (void *)at,
		       (void *)(at + size), mib[i], err);
		at += size;
	}
}
