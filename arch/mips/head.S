/* SPDX-License-Identifier: MIT */
/*
 * MIPS32 boot entry and exception vectors: move the vectors out of the boot
 * ROM into the image, zero .bss, and enter start_kernel() on the boot stack.
 * An interrupt goes to mips_irq() (timer.c) and returns; any other
 * exception lands in mips_exception(), which reports it and exits.
 */
#include <asm/cp0.h>
#include <asm/traps.h>

	.set	noreorder

/*
 * The vector page. EBase points here (the linker script puts it first, at
 * a 4 KiB boundary as EBase requires), so no code is copied to low memory.
 * No .balign 4096: gas would pad the section to a whole page.
 * Each slot only records which vector it is in k1, a register reserved for
 * the kernel, and jumps to the common code.
 */
	.section .text.vectors, "ax"
	.globl	mips_vectors
mips_vectors:
	j	exc_common			/* 0x000: TLB refill */
	 li	$k1, VEC_TLB_REFILL
	.org	0x100				/* cache error, via kseg1 */
	j	exc_common
	 li	$k1, VEC_CACHE_ERR
	.org	0x180				/* everything else */
	j	general_entry
	 li	$k1, VEC_GENERAL
	.org	0x200				/* interrupts, if Cause.IV */
	j	exc_common
	 li	$k1, VEC_INTERRUPT

	.section .text.start, "ax"
	.globl	_start
_start:
	/* The board reads these later (a3 is the RAM size on Malta). */
	la	$t0, arch_boot_regs
	sw	$a0, 0($t0)
	sw	$a1, 4($t0)
	sw	$a2, 8($t0)
	sw	$a3, 12($t0)

	/*
	 * The CPU comes up with Status.BEV = 1: exceptions would run the boot
	 * ROM and hang. EBase may only change while BEV is still set; then
	 * clear BEV, EXL, ERL and IE together, and Cause.IV so interrupts
	 * share the general vector.
	 */
	la	$t0, mips_vectors
	mtc0	$t0, CP0_EBASE
	mtc0	$zero, CP0_CAUSE
	mtc0	$zero, CP0_STATUS
	ehb

	la	$t0, __bss_start
	la	$t1, __bss_end
1:	beq	$t0, $t1, 2f
	 nop
	sw	$zero, 0($t0)
	b	1b
	 addiu	$t0, $t0, 4

	/* o32: the callee may spill its four argument registers above sp. */
2:	la	$sp, __stack_top
	jal	start_kernel
	 addiu	$sp, $sp, -16
3:	b	3b
	 nop

/*
 * The general vector: an interrupt (ExcCode 0) returns through irq_entry,
 * anything else is a fault for exc_common.
 */
	.text
general_entry:
	mfc0	$k0, CP0_CAUSE
	andi	$k0, $k0, CAUSE_EXCCODE_MASK
	beqz	$k0, irq_entry
	 nop

/*
 * Common exception path, with k1 = vector. The faulting sp may be the
 * cause, so switch to the exception stack; nothing returns from here.
 */
exc_common:
	la	$sp, __exc_stack_top
	addiu	$sp, $sp, -16
	mfc0	$a0, CP0_CAUSE
	mfc0	$a1, CP0_EPC
	mfc0	$a2, CP0_BADVADDR
	jal	mips_exception
	 move	$a3, $k1
4:	b	4b
	 nop

/*
 * An interrupt, which returns to the code it interrupted: that code's sp
 * is good (it is not a fault), so the frame goes below it. Save what a C
 * call may clobber (at, v0-v1, a0-a3, t0-t9, ra, hi, lo) and EPC, call
 * mips_irq(cause, epc) with the o32 argument area, restore, eret. Status
 * .EXL stays set throughout: no other interrupt comes in meanwhile.
 */
#define IRQ_FRAME	(16 + 21 * 4 + 4)	/* args, regs, pad to 8 */
#define IRQ_SAVE(r, n)	sw r, (16 + (n) * 4)($sp)
#define IRQ_LOAD(r, n)	lw r, (16 + (n) * 4)($sp)

irq_entry:
	addiu	$sp, $sp, -IRQ_FRAME
	.set	noat
	IRQ_SAVE($at, 0)
	.set	at
	IRQ_SAVE($v0, 1)
	IRQ_SAVE($v1, 2)
	IRQ_SAVE($a0, 3)
	IRQ_SAVE($a1, 4)
	IRQ_SAVE($a2, 5)
	IRQ_SAVE($a3, 6)
	IRQ_SAVE($t0, 7)
	IRQ_SAVE($t1, 8)
	IRQ_SAVE($t2, 9)
	IRQ_SAVE($t3, 10)
	IRQ_SAVE($t4, 11)
	IRQ_SAVE($t5, 12)
	IRQ_SAVE($t6, 13)
	IRQ_SAVE($t7, 14)
	IRQ_SAVE($t8, 15)
	IRQ_SAVE($t9, 16)
	IRQ_SAVE($ra, 17)
	mfhi	$t0
	mflo	$t1
	mfc0	$a1, CP0_EPC
	IRQ_SAVE($t0, 18)
	IRQ_SAVE($t1, 19)
	IRQ_SAVE($a1, 20)
	jal	mips_irq
	 mfc0	$a0, CP0_CAUSE
	IRQ_LOAD($t0, 18)
	IRQ_LOAD($t1, 19)
	IRQ_LOAD($t2, 20)
	mthi	$t0
	mtlo	$t1
	mtc0	$t2, CP0_EPC
	IRQ_LOAD($v0, 1)
	IRQ_LOAD($v1, 2)
	IRQ_LOAD($a0, 3)
	IRQ_LOAD($a1, 4)
	IRQ_LOAD($a2, 5)
	IRQ_LOAD($a3, 6)
	IRQ_LOAD($t0, 7)
	IRQ_LOAD($t1, 8)
	IRQ_LOAD($t2, 9)
	IRQ_LOAD($t3, 10)
	IRQ_LOAD($t4, 11)
	IRQ_LOAD($t5, 12)
	IRQ_LOAD($t6, 13)
	IRQ_LOAD($t7, 14)
	IRQ_LOAD($t8, 15)
	IRQ_LOAD($t9, 16)
	IRQ_LOAD($ra, 17)
	.set	noat
	IRQ_LOAD($at, 0)
	.set	at
	addiu	$sp, $sp, IRQ_FRAME
	ehb					/* the EPC write, before eret */
	eret

/* Before .bss is zeroed, so it lives in .data. */
	.data
	.balign	4
	.globl	arch_boot_regs
arch_boot_regs:
	.space	16

	.section .note.GNU-stack, "", @progbits
