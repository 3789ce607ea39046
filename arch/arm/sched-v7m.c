// SPDX-License-Identifier: MIT
/*
 * ARMv7-M context switch for kernel/sched.c: PendSV switches, SysTick
 * (timer-v7m.c) ends the slices by pending it.
 *
 * Tasks run in privileged Thread mode on PSP; the boot context, which
 * waits in sched_run(), stays on MSP, the stack exceptions use. A context
 * switched out is its exception frame (r0-r3, r12, lr, pc, xPSR, stacked
 * by the core on entry to PendSV) with, below it, what PendSV pushes:
 *
 *     sp -> r3 (padding: keeps sp 8-byte aligned), r4-r11, EXC_RETURN
 *
 * EXC_RETURN says which stack the context lives on, so the boot context
 * and the tasks switch alike. When the boot context is switched out, MSP
 * is left below its saved frame, and every later exception runs below it.
 *
 * PendSV has the lowest priority: it runs only once no other exception
 * is active, so it always returns to Thread mode, and a switch never
 * cuts into an interrupt handler. It masks interrupts while it switches.
 * Interrupts are always unmasked in the context it saves (PendSV waits
 * while they are not), so it unmasks them on the way out. The Cortex-M3
 * has no FPU: there is no floating-point state to save.
 */
#include <baremm/sched.h>
#include <asm/v7m.h>

#define V7M_SHPR3	   0xe000ed20u /* PendSV, SysTick priorities */
#define V7M_SHPR3_PENDSV   (0xffu << 16)
#define V7M_ICSR_PENDSVSET (1u << 28)

#define EXC_RETURN_THREAD_PSP 0xfffffffdu
#define XPSR_THUMB	      (1u << 24)

/* The frame a first switch to a task restores. */
struct v7m_task_frame {
	/* pushed by PendSV */
	u32 r3_pad, r4, r5, r6, r7, r8, r9, r10, r11, exc_return;
	/* stacked by the core */
	u32 r0, r1, r2, r3, r12, lr, pc, xpsr;
};

void v7m_pendsv_handler(void);

unsigned long arch_sched_stack_init(void *stack, size_t size,
				    void (*fn)(void *), void *arg,
				    void (*exit)(void))
{
	uintptr_t top = ((uintptr_t)stack + size) & ~(uintptr_t)7;
	struct v7m_task_frame *f = (struct v7m_task_frame *)top - 1;

	*f = (struct v7m_task_frame){
		.exc_return = EXC_RETURN_THREAD_PSP,
		.r0 = (u32)(uintptr_t)arg,
		.lr = (u32)(uintptr_t)exit,
		.pc = (u32)(uintptr_t)fn & ~1u, /* the Thumb bit is in xPSR */
		.xpsr = XPSR_THUMB,
	};
	return (unsigned long)(uintptr_t)f;
}

void arch_sched_init(void)
{
	v7m_write(V7M_SHPR3, v7m_read(V7M_SHPR3) | V7M_SHPR3_PENDSV);
}

void arch_sched_pend(void)
{
	v7m_write(V7M_ICSR, V7M_ICSR_PENDSVSET);
	/* Taken before the next instruction when interrupts are unmasked. */
	__asm__ __volatile__("dsb\n\tisb" ::: "memory");
}

/*
 * PendSV, the switch (head-v7m.S's vector when CONFIG_SCHED is set). From
 * the boot context, MSP is moved below the saved registers before calling
 * C; into the boot context, it is put back at its exception frame.
 */
__attribute__((naked)) void v7m_pendsv_handler(void)
{
	__asm__ __volatile__("	cpsid	i\n"
			     "	tst	lr, #4\n" /* which stack? */
			     "	ite	eq\n"
			     "	mrseq	r0, msp\n"
			     "	mrsne	r0, psp\n"
			     "	stmdb	r0!, {r3-r11, lr}\n"
			     "	tst	lr, #4\n"
			     "	it	eq\n"
			     "	msreq	msp, r0\n"
			     "	bl	sched_switch\n" /* r0: next's sp */
			     "	ldmia	r0!, {r3-r11, lr}\n"
			     "	tst	lr, #4\n"
			     "	ite	eq\n"
			     "	msreq	msp, r0\n"
			     "	msrne	psp, r0\n"
			     "	cpsie	i\n"
			     "	bx	lr\n");
}
