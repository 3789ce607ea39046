/* SPDX-License-Identifier: MIT */
/*
 * RISC-V boot entry and trap vector, in M-mode with no firmware: park any
 * hart but 0, point mtvec at the trap entry, zero .bss, and enter
 * start_kernel() on the boot stack. An interrupt goes to riscv_irq()
 * (timer.c) and returns; any other trap lands in riscv_trap(), which
 * reports it and exits.
 */

	.section .text.start, "ax"
	.globl	_start
_start:
	/* No gp relaxation: the linker script defines no __global_pointer$. */
	csrr	t0, mhartid
	bnez	t0, park

	/* The board reads these later (a1 is the device tree). */
	la	t0, arch_boot_regs
	sw	a0, 0(t0)
	sw	a1, 4(t0)
	sw	a2, 8(t0)
	sw	a3, 12(t0)

	la	t0, trap_entry
	csrw	mtvec, t0		/* direct mode: every trap here */
	csrw	mie, zero
	csrci	mstatus, 0x8		/* MIE off */

	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sw	zero, 0(t0)
	addi	t0, t0, 4
	j	1b

2:	la	sp, __stack_top
	call	start_kernel
park:
	wfi
	j	park

/*
 * Common trap path. An interrupt (mcause's top bit) goes to irq_entry,
 * found with t0 parked in mscratch. Anything else is a fault: its sp may
 * be the cause, so switch to the trap stack; nothing returns from there.
 * mtvec needs 4-byte alignment.
 */
	.text
	.balign	4
trap_entry:
	csrw	mscratch, t0
	csrr	t0, mcause
	bltz	t0, irq_entry
	csrr	t0, mscratch
	la	sp, __exc_stack_top
	csrr	a0, mcause
	csrr	a1, mepc
	csrr	a2, mtval
	call	riscv_trap
	j	park

/*
 * An interrupt, which returns to the code it interrupted: that code's sp
 * is good (it is not a fault), so the frame goes below it. Save what a C
 * call may clobber (ra, t0-t6, a0-a7: 16 words, keeping sp 16-byte
 * aligned), call riscv_irq(mcause, mepc, mtval), restore, mret. mstatus
 * .MIE stays clear until mret: no other interrupt comes in meanwhile.
 */
irq_entry:
	csrr	t0, mscratch
	addi	sp, sp, -64
	sw	ra, 0(sp)
	sw	t0, 4(sp)
	sw	t1, 8(sp)
	sw	t2, 12(sp)
	sw	a0, 16(sp)
	sw	a1, 20(sp)
	sw	a2, 24(sp)
	sw	a3, 28(sp)
	sw	a4, 32(sp)
	sw	a5, 36(sp)
	sw	a6, 40(sp)
	sw	a7, 44(sp)
	sw	t3, 48(sp)
	sw	t4, 52(sp)
	sw	t5, 56(sp)
	sw	t6, 60(sp)
	csrr	a0, mcause
	csrr	a1, mepc
	csrr	a2, mtval
	call	riscv_irq
	lw	ra, 0(sp)
	lw	t0, 4(sp)
	lw	t1, 8(sp)
	lw	t2, 12(sp)
	lw	a0, 16(sp)
	lw	a1, 20(sp)
	lw	a2, 24(sp)
	lw	a3, 28(sp)
	lw	a4, 32(sp)
	lw	a5, 36(sp)
	lw	a6, 40(sp)
	lw	a7, 44(sp)
	lw	t3, 48(sp)
	lw	t4, 52(sp)
	lw	t5, 56(sp)
	lw	t6, 60(sp)
	addi	sp, sp, 64
	mret

/* Before .bss is zeroed, so it lives in .data. */
	.data
	.balign	4
	.globl	arch_boot_regs
arch_boot_regs:
	.space	16

	.section .note.GNU-stack, "", @progbits
