/* SPDX-License-Identifier: MIT */
/*
 * The EL1 exception vector table. Only an IRQ taken where baremm runs
 * (EL1, SP_EL1) returns: irq_entry hands it to arm64_irq() in timer.c.
 * Every other exception (fault, FIQ, SError) is reported by arm64_fault()
 * in traps.c, on the CPU's own fault stack, and the machine stops.
 */
#include <asm/boot.h>
#include <asm/traps.h>

/* One 128-byte slot: x0 = slot number (group * 4 + kind), then report. */
.macro	ventry, slot
	.balign	0x80
	mov	x0, #\slot
	b	fault_entry
.endm

	.section .text.vectors, "ax"
	.balign	0x800		/* VBAR_EL1 bits [10:0] are RES0 */
	.globl	vectors
vectors:
	/* current EL, SP_EL0 */
	ventry	0
	ventry	1
	ventry	2
	ventry	3
	/* current EL, SP_EL1: where baremm runs */
	ventry	4
	.balign	0x80			/* slot 5, IRQ: x0 and x1 first */
	sub	sp, sp, #ARM64_IRQ_FRAME
	stp	x0, x1, [sp, #0]
	b	irq_entry
	ventry	6
	ventry	7
	/* lower EL, AArch64 */
	ventry	8
	ventry	9
	ventry	10
	ventry	11
	/* lower EL, AArch32 */
	ventry	12
	ventry	13
	ventry	14
	ventry	15

/*
 * arm64_fault(slot, esr, elr, far, lr, sp). The old stack may be the cause
 * (an overflow), so switch to this CPU's fault stack before calling C.
 */
fault_entry:
	mrs	x1, esr_el1
	mrs	x2, elr_el1
	mrs	x3, far_el1
	mov	x4, x30
	mov	x5, sp
	mrs	x6, mpidr_el1
	and	x6, x6, #ARM64_MPIDR_AFF0
	cmp	x6, #CONFIG_NR_CPUS
	csel	x6, x6, xzr, lo		/* unknown CPU: share CPU 0's */
	adrp	x7, fault_stacks
	add	x7, x7, :lo12:fault_stacks
	add	x6, x6, #1
	add	x7, x7, x6, lsl #ARM64_FAULT_STACK_SHIFT
	mov	sp, x7
	mov	x29, #0
	mov	x30, #0
	b	arm64_fault

/*
 * An IRQ at EL1h, which returns to the code it interrupted: save what a
 * C call may clobber as struct arm64_irq_frame (asm/traps.h) on that
 * code's own stack (SP_EL1, below its sp, 16-byte aligned as it always
 * is), with ELR and SPSR. arm64_irq() runs with DAIF masked, as the
 * exception left it.
 */
irq_entry:
	stp	x2, x3, [sp, #16]
	stp	x4, x5, [sp, #32]
	stp	x6, x7, [sp, #48]
	stp	x8, x9, [sp, #64]
	stp	x10, x11, [sp, #80]
	stp	x12, x13, [sp, #96]
	stp	x14, x15, [sp, #112]
	stp	x16, x17, [sp, #128]
	stp	x18, x29, [sp, #144]
	mrs	x0, elr_el1
	mrs	x1, spsr_el1
	stp	x30, x0, [sp, #160]
	str	x1, [sp, #176]
	mov	x0, sp
	bl	arm64_irq
	ldr	x1, [sp, #176]
	ldp	x30, x0, [sp, #160]
	msr	elr_el1, x0
	msr	spsr_el1, x1
	ldp	x18, x29, [sp, #144]
	ldp	x16, x17, [sp, #128]
	ldp	x14, x15, [sp, #112]
	ldp	x12, x13, [sp, #96]
	ldp	x10, x11, [sp, #80]
	ldp	x8, x9, [sp, #64]
	ldp	x6, x7, [sp, #48]
	ldp	x4, x5, [sp, #32]
	ldp	x2, x3, [sp, #16]
	ldp	x0, x1, [sp, #0]
	add	sp, sp, #ARM64_IRQ_FRAME
	eret
