/* SPDX-License-Identifier: MIT */
/*
 * What the RISC-V trap entry (head.S) calls: riscv_trap() in traps.c
 * reports a fault and stops, riscv_irq() in timer.c takes an interrupt
 * and returns.
 */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

#include <baremm/compiler.h>

void __noreturn riscv_trap(unsigned long mcause, unsigned long mepc,
			   unsigned long mtval);
void riscv_irq(unsigned long mcause, unsigned long mepc, unsigned long mtval);

#endif
