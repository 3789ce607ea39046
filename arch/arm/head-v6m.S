/* SPDX-License-Identifier: MIT */
/*
 * ARMv6-M start-up: the vector table, the reset handler, the fault entry
 * and the stacks, in Thumb-1 (no IT blocks, no wide loads and stores).
 * The core takes its initial MSP and reset PC from the first two words of
 * the table at 0 (VTOR is optional on v6-M: the image is linked there).
 * .data is copied from its load address in flash, .bss zeroed. One CPU,
 * in Thread mode on MSP.
 */
#include <asm/memory.h>

#define V6M_NR_IRQS	32		/* all v6-M allows; none is enabled */

	.syntax unified
	.thumb

	.section .vectors, "a"
	.balign	256				@ 16 + 32 words, as VTOR would want
	.global	__vectors
__vectors:
	.word	__stacks + THREAD_SIZE		@ initial MSP
	.word	_start				@ reset
	.word	v6m_fault_entry			@ 2 NMI
	.word	v6m_fault_entry			@ 3 HardFault: every fault on v6-M
	.rept	7				@ 4-10 reserved
	.word	v6m_fault_entry
	.endr
	.word	v6m_fault_entry			@ 11 SVCall
	.word	v6m_fault_entry			@ 12 reserved
	.word	v6m_fault_entry			@ 13 reserved
	.word	v6m_fault_entry			@ 14 PendSV
	.word	v7m_systick_handler		@ 15 SysTick, where there is one
	.rept	V6M_NR_IRQS			@ 16.. external interrupts
	.word	v6m_fault_entry
	.endr

	.section .text.boot, "ax"
	.global	_start
	.type	_start, %function
	.thumb_func
_start:
	cpsid	i				@ until .data and .bss are ready
	ldr	r0, =__stacks + THREAD_SIZE	@ also when entered by a jump
	mov	sp, r0

	ldr	r0, =__data_start		@ word aligned, as is __data_load
	ldr	r1, =__data_end
	ldr	r2, =__data_load
	cmp	r0, r2
	beq	2f
1:	cmp	r0, r1
	bhs	2f
	ldm	r2!, {r3}
	stm	r0!, {r3}
	b	1b

2:	ldr	r0, =__bss_start
	ldr	r1, =__bss_end
	movs	r2, #0
3:	cmp	r0, r1
	bhs	4f
	stm	r0!, {r2}
	b	3b

4:	cpsie	i				@ SysTick counts wraps by IRQ
	bl	start_kernel
5:	wfi
	b	5b
	.size	_start, . - _start

/*
 * Every exception but SysTick is fatal. Hand v6m_fault(frame, ipsr) the
 * frame the core stacked (on MSP or PSP, as EXC_RETURN bit 2 says), then
 * move to the fault stack: the stack the fault came from may be the
 * problem.
 */
	.global	v6m_fault_entry
	.type	v6m_fault_entry, %function
	.thumb_func
v6m_fault_entry:
	mov	r0, lr
	movs	r1, #4
	tst	r0, r1
	bne	1f
	mrs	r0, msp
	b	2f
1:	mrs	r0, psp
2:	mrs	r1, ipsr
	ldr	r3, =__fault_stacks + FAULT_STACK_SIZE
	mov	sp, r3
	bl	v6m_fault
3:	b	3b				@ v6m_fault does not return
	.size	v6m_fault_entry, . - v6m_fault_entry

/* The boot (MSP) stack, then the fault stack. */
#include <asm/stacks.h>
