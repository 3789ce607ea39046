/* SPDX-License-Identifier: MIT */
/*
 * ARMv7-M start-up: the vector table, the reset handler, the fault entry
 * and the stacks. The core takes its initial MSP and reset PC from the
 * first two words of the table at VTOR (0 at reset, where the image is
 * linked). .data is copied from its load address where that is not its
 * address (the flash of image-xip.ld; QEMU loads an image.ld image where
 * it runs), and .bss is zeroed. One CPU, running in Thread mode on MSP.
 */
#include <asm/memory.h>
#include <asm/v7m.h>

#define V7M_NR_IRQS	32		/* MPS2 has 32; none is enabled */

	.syntax unified
	.thumb

/*
 * VTOR needs the table aligned to its size rounded up to a power of two,
 * (16 + 32) words = 192 bytes -> 256; the MPU guard over it needs 1 KiB.
 */
	.section .vectors, "a"
	.balign	V7M_VECTOR_GUARD
	.global	__vectors
__vectors:
	.word	__stacks + THREAD_SIZE		@ initial MSP
	.word	_start				@ reset
	.word	v7m_fault_entry			@ 2 NMI
	.word	v7m_fault_entry			@ 3 HardFault
	.word	v7m_fault_entry			@ 4 MemManage
	.word	v7m_fault_entry			@ 5 BusFault
	.word	v7m_fault_entry			@ 6 UsageFault
	.rept	4				@ 7-10 reserved
	.word	v7m_fault_entry
	.endr
	.word	v7m_fault_entry			@ 11 SVCall
	.word	v7m_fault_entry			@ 12 DebugMonitor
	.word	v7m_fault_entry			@ 13 reserved
	.word	v7m_pendsv_handler		@ 14 PendSV: the scheduler's switch
	.word	v7m_systick_handler		@ 15 SysTick: the counter's wraps
	.rept	V7M_NR_IRQS			@ 16.. external interrupts
	.word	v7m_fault_entry
	.endr
	/*
	 * Pad the table to the guard region v7m_traps_init() makes
	 * no-access: nothing but the core's vector fetches, which the MPU
	 * does not check, may touch it, so NULL pointers trap when the
	 * image is linked at 0.
	 */
	.balign	V7M_VECTOR_GUARD

	/*
	 * Without CONFIG_SCHED nothing pends PendSV: it is fatal like the
	 * others, unless arch/arm/sched-v7m.c defines the switch.
	 */
	.weak	v7m_pendsv_handler
	.thumb_set v7m_pendsv_handler, v7m_fault_entry

	.section .text.boot, "ax"
	.global	_start
	.type	_start, %function
	.thumb_func
_start:
	cpsid	i				@ until traps and .bss are ready
	ldr	r0, =__stacks + THREAD_SIZE	@ also when entered by a jump
	mov	sp, r0

	ldr	r0, =__data_start		@ all three 8-byte aligned
	ldr	r1, =__data_end
	ldr	r2, =__data_load
	cmp	r0, r2
	beq	3f
1:	cmp	r0, r1
	itt	lo
	ldrdlo	r3, r12, [r2], #8
	strdlo	r3, r12, [r0], #8
	blo	1b

3:	ldr	r0, =__bss_start		@ both 8-byte aligned
	ldr	r1, =__bss_end
	movs	r2, #0
	movs	r3, #0
1:	cmp	r0, r1
	it	lo
	strdlo	r2, r3, [r0], #8
	blo	1b

	bl	v7m_traps_init
	cpsie	i				@ SysTick counts wraps by IRQ
	bl	start_kernel
2:	wfi
	b	2b
	.size	_start, . - _start

/*
 * Every exception but SysTick is fatal. Hand v7m_fault(frame, ipsr) the
 * frame the core stacked (on MSP or PSP, as EXC_RETURN bit 2 says), then
 * move to the fault stack: the stack the fault came from may be the
 * problem.
 */
	.global	v7m_fault_entry
	.type	v7m_fault_entry, %function
	.thumb_func
v7m_fault_entry:
	tst	lr, #4
	ite	eq
	mrseq	r0, msp
	mrsne	r0, psp
	mrs	r1, ipsr
	ldr	r3, =__fault_stacks + FAULT_STACK_SIZE
	mov	sp, r3
	bl	v7m_fault
1:	b	1b				@ v7m_fault does not return
	.size	v7m_fault_entry, . - v7m_fault_entry

/* The boot (MSP) stack, then the fault stack. */
#include <asm/stacks.h>
