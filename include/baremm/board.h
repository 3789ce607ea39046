/* SPDX-License-Identifier: MIT */
/* What every boards/<board>/ provides to the kernel. */
#ifndef BAREMM_BOARD_H
#define BAREMM_BOARD_H

#include <baremm/compiler.h>
#include <baremm/types.h>

/* Board name and a one-line description, printed at boot. */
extern const char board_name[];
extern const char board_desc[];

/* board_early_init - make the console usable; runs first, on CPU 0. */
void board_early_init(void);

/*
 * board_setup_memory - hand the board's RAM to the allocator with
 * mm_add_region() and keep out the image, stacks and firmware data with
 * mm_reserve(). The DTB, where the board has one, is board_dtb.
 */
void board_setup_memory(void);

/* The flattened device tree QEMU passed, or NULL. */
extern const void *board_dtb;

/* board_exit - stop the machine; QEMU exits with @code. */
void __noreturn board_exit(int code);

/* Image bounds from the linker script, for reservations and footprint. */
extern char __image_start[], __image_end[];

#endif
