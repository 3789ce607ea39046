/* SPDX-License-Identifier: MIT */
/*
 * RISC-V boot entry and trap vector, in M-mode with no firmware: park any
 * hart but 0, point mtvec at the trap entry, zero .bss, and enter
 * start_kernel() on the boot stack. Any trap lands in riscv_trap(), which
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
 * Common trap path. The faulting sp may be the cause, so switch to the
 * trap stack; nothing returns from here. mtvec needs 4-byte alignment.
 */
	.text
	.balign	4
trap_entry:
	la	sp, __exc_stack_top
	csrr	a0, mcause
	csrr	a1, mepc
	csrr	a2, mtval
	call	riscv_trap
	j	park

/* Before .bss is zeroed, so it lives in .data. */
	.data
	.balign	4
	.globl	arch_boot_regs
arch_boot_regs:
	.space	16

	.section .note.GNU-stack, "", @progbits
