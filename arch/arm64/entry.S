/* SPDX-License-Identifier: MIT */
/*
 * The EL1 exception vector table. Nothing here returns: every exception
 * (fault, stray interrupt, SError) is reported by arm64_fault() in
 * traps.c, on the CPU's own fault stack, and the machine stops.
 */
#include <asm/boot.h>

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
	ventry	5
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
