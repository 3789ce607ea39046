/* SPDX-License-Identifier: MIT */
/* What the MIPS boot code and the CPU code learn from the board. */
#ifndef ASM_BOOT_H
#define ASM_BOOT_H

#include <baremm/types.h>

/*
 * a0..a3 as the boot loader left them at _start, saved before anything
 * else runs. On Malta (QEMU's YAMON-like stub): a0 = argc, or -1 when QEMU
 * runs with -semihosting (UHI), a1 = argv, a2 = envp, a3 = low RAM bytes.
 */
extern unsigned long arch_boot_regs[4];

/*
 * mips_set_cpu_hz - tell the arch the pipeline clock, from which
 * arch_counter_freq() derives the CP0 Count rate. Until it is called the
 * counter frequency is 0 (unknown).
 */
void mips_set_cpu_hz(u32 hz);

#endif
