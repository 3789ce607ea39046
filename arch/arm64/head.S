/* SPDX-License-Identifier: MIT */
/*
 * Boot entry of CPU 0 and of the secondaries PSCI starts: reach EL1 with
 * the MMU and caches off, take this CPU's stack, install the exception
 * vectors and enter C. The per-CPU stacks live here too, in .stack.
 */
#include <asm/boot.h>

#define CURRENTEL_EL2	(2 << 2)
#define HCR_EL2_RW	(1 << 31)	/* EL1 runs AArch64 */
#define CNTHCTL_EL1PCEN	(3 << 0)	/* EL1 may read the counters */
#define SCTLR_EL1_RES1	0x30d00800	/* MMU, caches, alignment check off */
#define SPSR_EL1H_MASKED 0x3c5		/* EL1h, D A I F masked */

/* Load the address of @sym: adrp reaches +-4 GiB, enough for the image. */
.macro	adr_l, reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

/* Point sp at the top of stack number \cpu (clobbers \tmp). */
.macro	set_stack, cpu, tmp
	adr_l	\tmp, boot_stacks
	add	\tmp, \tmp, \cpu, lsl #ARM64_STACK_SHIFT
	add	\tmp, \tmp, #(1 << ARM64_STACK_SHIFT)
	mov	sp, \tmp
.endm

	.section .text.head, "ax"
	.globl	_start
_start:
	msr	daifset, #0xf
	/* Only CPU 0 starts here (QEMU keeps the others off for PSCI). */
	mrs	x0, mpidr_el1
	ldr	x1, =ARM64_MPIDR_AFF_MASK
	tst	x0, x1
	b.ne	park
	bl	el2_to_el1
	adr_l	x0, vectors
	msr	vbar_el1, x0
	isb
	mov	x0, #0
	set_stack x0, x1

	/* .bss is 16-byte aligned at both ends (baremm.lds). */
	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
1:	cmp	x0, x1
	b.hs	2f
	stp	xzr, xzr, [x0], #16
	b	1b
2:
	mov	x29, #0
	mov	x30, #0
	bl	start_kernel
	b	park

/*
 * Entry of a CPU started by PSCI CPU_ON (psci.c), with x0 = the context
 * id, which is the CPU's index. .bss is already zeroed.
 */
	.globl	secondary_entry
secondary_entry:
	msr	daifset, #0xf
	mov	x19, x0
	cmp	x19, #CONFIG_NR_CPUS
	b.hs	park
	bl	el2_to_el1
	adr_l	x0, vectors
	msr	vbar_el1, x0
	isb
	set_stack x19, x1
	mov	x0, x19
	mov	x29, #0
	mov	x30, #0
	bl	secondary_start_kernel
	/* fall through: secondary_start_kernel never returns */

park:
	wfe
	b	park

/*
 * Drop to EL1 when started at EL2 (QEMU -M virt,virtualization=on) and
 * return there; a no-op at EL1. Uses no stack, clobbers x9.
 */
el2_to_el1:
	mrs	x9, CurrentEL
	cmp	x9, #CURRENTEL_EL2
	b.ne	1f
	mov	x9, #HCR_EL2_RW
	msr	hcr_el2, x9
	mov	x9, #CNTHCTL_EL1PCEN
	msr	cnthctl_el2, x9
	msr	cntvoff_el2, xzr
	ldr	x9, =SCTLR_EL1_RES1
	msr	sctlr_el1, x9
	mov	x9, #SPSR_EL1H_MASKED
	msr	spsr_el2, x9
	msr	elr_el2, x30
	eret
1:	ret

	.ltorg

/*
 * SMCCC calls for PSCI: x0 = function id, x1..x3 = arguments, result in
 * x0. As ordinary functions, the caller already treats x0..x17 as
 * clobbered, which is all SMCCC 1.0 lets the firmware clobber.
 */
	.text
	.globl	arm64_psci_hvc
arm64_psci_hvc:
	hvc	#0
	ret

	.globl	arm64_psci_smc
arm64_psci_smc:
	smc	#0
	ret

/*
 * Boot and fault stacks: NOLOAD and outside .bss, so nobody zeroes them;
 * baremm.lds places them below the code.
 */
	.section .stack, "aw", %nobits
	.balign	16
	.globl	fault_stacks
fault_stacks:
	.space	CONFIG_NR_CPUS << ARM64_FAULT_STACK_SHIFT
	.globl	boot_stacks
boot_stacks:
	.space	CONFIG_NR_CPUS << ARM64_STACK_SHIFT
