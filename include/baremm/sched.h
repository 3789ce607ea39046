/* SPDX-License-Identifier: MIT */
/*
 * A minimal preemptive scheduler (CONFIG_SCHED, kernel/sched.c): the
 * multitasking an RTOS image runs the allocator under, so that a time
 * slice can end while a task is inside kmalloc and another task then
 * enters the allocator before the first one has left it.
 *
 * One CPU, round robin, no priorities and no blocking: a task runs until
 * its slice ends, it yields or it returns. The caller of sched_run() (the
 * boot context, e.g. a test case) waits until every task has returned.
 * Tasks share the CPU's interrupt mask: a task that masks interrupts is
 * not preempted until it unmasks them, which is what makes the
 * allocator's IRQ-masked sections safe under preemption.
 */
#ifndef BAREMM_SCHED_H
#define BAREMM_SCHED_H

#include <baremm/types.h>

enum sched_state {
	SCHED_READY, /* runnable: picked in turn */
	SCHED_DONE,  /* its function returned; never runs again */
};

/*
 * A task: the caller owns the struct and the stack, which must stay put
 * until sched_run() returns.
 */
struct sched_task {
	const char *name;
	unsigned long sp;	 /* saved stack pointer while switched out;
				  * the arch's frame layout is below it */
	enum sched_state state;	 /* written with interrupts masked */
	uintptr_t stack_lo;	 /* the stack's lowest address (0: boot) */
	struct sched_task *next; /* ring of the next run's tasks */
	unsigned long switches;	 /* times switched in */
};

/* The smallest stack sched_task_init() accepts (and a sensible minimum). */
#define SCHED_STACK_MIN 512

/**
 * sched_task_init - prepare @t to run @fn(@arg) on [@stack, @stack +
 * @stack_size) in the next sched_run(). Only from the boot context, while
 * no run is in progress.
 * Return: 0; -EINVAL for a missing function or a stack smaller than
 * SCHED_STACK_MIN; -EBUSY during a run.
 */
int sched_task_init(struct sched_task *t, const char *name, void (*fn)(void *),
		    void *arg, void *stack, size_t stack_size);

/**
 * sched_run - run the tasks prepared since the last run, @slice_us
 * microseconds each in turn, until every one has returned, then forget
 * them. @tick_hook, when not NULL, is called from the timer interrupt at
 * each slice's end (see include/baremm/irq.h for what it may do), before
 * the switch.
 * Return: 0; -EBUSY when called from a task; arch_timer_start()'s errors
 * (nothing ran then).
 */
int sched_run(unsigned long slice_us, void (*tick_hook)(void));

/* sched_yield - end the calling task's slice now; from a task only. */
void sched_yield(void);

/*
 * sched_critical_enter - the scheduler's critical section: no tick, no
 * switch, no other task until the matching sched_critical_exit(), which
 * restores what its enter found (sections nest). From tasks, the boot
 * context and interrupt handlers. With CONFIG_MM_PORT_CRITICAL it is the
 * allocator's too (mm_port_critical_enter/exit, <mm/port.h>), as an RTOS
 * port's would be. sched_critical_entries: sections entered since boot.
 */
unsigned long sched_critical_enter(void);
void sched_critical_exit(unsigned long state);
unsigned long sched_critical_entries(void);

/* sched_current - the running task, NULL in the boot context. */
struct sched_task *sched_current(void);

/*
 * What the scheduler needs from arch/<arch> (arch/arm/sched-v7m.c):
 *
 * arch_sched_stack_init - lay out on [@stack, @stack + @size) the frame a
 *	switch restores, so that the first switch to it calls @fn(@arg), and
 *	@fn's return calls @exit. Return: the stack pointer to save.
 * arch_sched_init - prepare the switch (exception priorities); called at
 *	each sched_run().
 * arch_sched_pend - ask for a switch: it happens as soon as interrupts
 *	are unmasked and no other exception is active. The switch saves the
 *	running context, calls sched_switch() with its stack pointer, and
 *	resumes the context whose stack pointer that returns.
 */
unsigned long arch_sched_stack_init(void *stack, size_t size,
				    void (*fn)(void *), void *arg,
				    void (*exit)(void));
void arch_sched_init(void);
void arch_sched_pend(void);
unsigned long sched_switch(unsigned long sp);

#endif
