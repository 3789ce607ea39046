/* SPDX-License-Identifier: MIT */
/* What the RISC-V boot code and the CPU code learn from the board. */
#ifndef ASM_BOOT_H
#define ASM_BOOT_H

#include <baremm/types.h>

/*
 * a0..a3 as the loader left them at _start, saved before anything else
 * runs. QEMU virt with -bios none: a0 = mhartid, a1 = the FDT.
 */
extern unsigned long arch_boot_regs[4];

/*
 * riscv_set_timebase_hz - the rate of the time CSR (the device tree's
 * /cpus timebase-frequency). Until it is called arch_counter_freq() is 0.
 */
void riscv_set_timebase_hz(u32 hz);

#endif
