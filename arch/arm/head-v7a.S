/* SPDX-License-Identifier: MIT */
/*
 * ARMv7-A start-up: the entry of CPU 0 and of secondary CPUs, the exception
 * vectors, and the stacks. QEMU's virt board enters _start on CPU 0 only,
 * in SVC mode (Hyp with virtualization=on) with IRQ, FIQ and aborts masked
 * and the MMU and caches off; secondaries are powered off until PSCI
 * CPU_ON starts them at secondary_entry with their CPU number in r0. The
 * image is loaded by QEMU at its link address, so there is nothing to
 * copy, only .bss to zero.
 */
#include <asm/memory.h>

#define MPIDR_AFF0	0xff
#define MODE_MASK	0x1f
#define MODE_SVC	0x13
#define MODE_HYP	0x1a
#define PSR_F		(1 << 6)
#define PSR_I		(1 << 7)
#define PSR_A		(1 << 8)

	.syntax unified
	.arm
	.arch_extension virt

/* VBAR := __vectors; it is banked per CPU, so every CPU sets its own. */
.macro set_vbar, tmp
	ldr	\tmp, =__vectors
	mcr	p15, 0, \tmp, c12, c0, 0
	isb
.endm

/*
 * Leave Hyp mode for SVC if the CPU started in it (-M virt,virtualization=on
 * does that): the vectors and everything else here are PL1's. Mode and
 * masks come from \tmp; the exception return lands on the next line.
 */
.macro leave_hyp, tmp
	mrs	\tmp, cpsr
	and	\tmp, \tmp, #MODE_MASK
	cmp	\tmp, #MODE_HYP
	bne	9f
	mov	\tmp, #(MODE_SVC | PSR_I | PSR_F | PSR_A)
	msr	spsr_cxsf, \tmp		@ Hyp's own SPSR
	adr	\tmp, 9f
	msr	elr_hyp, \tmp
	eret
9:
.endm

/* sp := top of the THREAD_SIZE stack of CPU \cpu (preserved). */
.macro set_cpu_stack, cpu, tmp
	ldr	\tmp, =__stacks
	add	\tmp, \tmp, \cpu, lsl #THREAD_SHIFT
	add	sp, \tmp, #THREAD_SIZE
.endm

	.section .text.boot, "ax"
	.global	_start
	.type	_start, %function
_start:
	leave_hyp r0
	cpsid	aif
	mrc	p15, 0, r4, c0, c0, 5		@ MPIDR
	ands	r4, r4, #MPIDR_AFF0
	bne	park				@ only CPU 0 boots here
	set_vbar r0
	set_cpu_stack r4, r0

	ldr	r0, =__bss_start		@ both 8-byte aligned
	ldr	r1, =__bss_end
	mov	r2, #0
	mov	r3, #0
1:	cmp	r0, r1
	strdlo	r2, r3, [r0], #8
	blo	1b

	bl	start_kernel
	b	park
	.size	_start, . - _start

/* PSCI CPU_ON entry: r0 = the CPU number arch_cpu_start() passed. */
	.global	secondary_entry
	.type	secondary_entry, %function
secondary_entry:
	leave_hyp r1
	cpsid	aif
	set_vbar r1
	cmp	r0, #CONFIG_NR_CPUS
	bhs	park				@ no stack for it
	set_cpu_stack r0, r1
	mov	r4, r0
	bl	arm_mmu_secondary		@ the MMU, if CPU 0 turned it on
	mov	r0, r4
	bl	secondary_start_kernel
	.size	secondary_entry, . - secondary_entry

/* A CPU with nothing to do; never reached by a CPU the kernel counts on. */
park:
	wfi
	b	park

/*
 * The vector table: one branch per exception, 4 bytes apart. Every
 * exception but IRQ is fatal here: each stub loads its vector number and
 * joins vector_common, which switches to the CPU's fault stack and calls
 * arm_exception(vector, lr, spsr) in the exception's mode. IRQ returns:
 * vector_irq below.
 */
	.section .vectors, "ax"
	.balign	32				@ VBAR[4:0] are reserved
	.global	__vectors
__vectors:
	b	vector_reset			@ only by a jump to VBAR
	b	vector_undef
	b	vector_svc
	b	vector_pabt
	b	vector_dabt
	b	vector_hyp			@ not used at PL1
	b	vector_irq
	b	vector_fiq

.macro vector_stub, name, nr
vector_\name:
	mov	r0, #\nr
	b	vector_common
.endm
	vector_stub reset, 0
	vector_stub undef, 1
	vector_stub svc, 2
	vector_stub pabt, 3
	vector_stub dabt, 4
	vector_stub hyp, 5
	vector_stub fiq, 7

/*
 * IRQ, which returns to the code it interrupted. That code runs in SVC
 * mode (IRQs are only ever unmasked there, by arch_timer_start), so the
 * frame goes on its own SVC stack below its sp, as struct arm_irq_frame
 * (asm/traps.h): srs pushes the return address and spsr_irq, then the
 * registers a C call may clobber. arm_irq() runs in SVC mode with IRQs
 * still masked, on an 8-byte aligned sp (AAPCS), and rfe returns.
 */
vector_irq:
	sub	lr, lr, #4			@ the interrupted instruction
	srsdb	sp!, #MODE_SVC
	cps	#MODE_SVC
	push	{r0-r3, r12, lr}
	mov	r0, sp				@ the frame
	and	r1, sp, #4			@ 4 if sp is not 8-byte aligned
	sub	sp, sp, r1
	push	{r1, r2}			@ 8 bytes: keeps the alignment
	bl	arm_irq
	pop	{r1, r2}
	add	sp, sp, r1
	pop	{r0-r3, r12, lr}
	rfeia	sp!

/*
 * r0 = vector number. The faulting context is never resumed, so any
 * register may be clobbered; lr and spsr are the exception's own.
 */
vector_common:
	mov	r1, lr
	mrs	r2, spsr
	mrc	p15, 0, r3, c0, c0, 5		@ MPIDR
	and	r3, r3, #MPIDR_AFF0
	cmp	r3, #CONFIG_NR_CPUS
	movhs	r3, #0				@ a stray CPU borrows CPU 0's
	add	r3, r3, #1
	ldr	r12, =__fault_stacks
	add	sp, r12, r3, lsl #FAULT_STACK_SHIFT
	bl	arm_exception
	b	park

#include <asm/stacks.h>
