/* SPDX-License-Identifier: MIT */
/*
 * MIPS32 boot entry and exception vectors: move the vectors out of the boot
 * ROM into the image, zero .bss, and enter start_kernel() on the boot stack.
 * Any exception lands in mips_exception(), which reports it and exits.
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
	j	exc_common
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
 * Common exception path, with k1 = vector. The faulting sp may be the
 * cause, so switch to the exception stack; nothing returns from here.
 */
	.text
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

/* Before .bss is zeroed, so it lives in .data. */
	.data
	.balign	4
	.globl	arch_boot_regs
arch_boot_regs:
	.space	16

	.section .note.GNU-stack, "", @progbits
