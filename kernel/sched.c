// SPDX-License-Identifier: MIT
/*
 * A minimal preemptive round-robin scheduler (include/baremm/sched.h) for
 * one CPU. The arch saves and restores contexts (arch_sched_*); this file
 * only decides who runs next:
 *
 *   sched_run()   the boot context starts the periodic tick and yields;
 *                 it is picked again only once no task is ready
 *   each tick     sched_tick() calls the tick hook and pends a switch
 *   each switch   sched_switch() saves the stack pointer of the context
 *                 that ran, and returns the next ready task's after it
 *                 in the ring (the same task when it is the only one)
 *   a return      sched_task_exit() marks the task done and switches away
 *
 * The state below is shared with the switch and the tick only, which are
 * exceptions: the rest changes it in sched_critical_enter()'s section
 * (interrupts masked), or while no task runs and the tick is off. That is
 * the only lock it needs.
 */
#include <baremm/arch.h>
#include <baremm/errno.h>
#include <baremm/irq.h>
#include <baremm/panic.h>
#include <baremm/sched.h>
#include <mm/port.h>

static struct {
	/*
	 * The boot context: the caller of sched_run(), running on the
	 * boot stack. Not in the ring; it is what runs when no task is
	 * ready, and its state stays SCHED_READY.
	 */
	struct sched_task boot;
	struct sched_task *current; /* the running context; never NULL */
	struct sched_task *tasks;   /* the ring, NULL when empty */
	unsigned int live;	    /* tasks in the ring not yet done */
	bool running;		    /* between sched_run()'s start and end */
	void (*tick_hook)(void);
	unsigned long critical_entries; /* written inside the section */
} sched = {
	.boot = {.name = "boot"},
	.current = &sched.boot,
};

struct sched_task *sched_current(void)
{
	struct sched_task *t = READ_ONCE(sched.current);

	return t == &sched.boot ? NULL : t;
}

/* Interrupt masking: the tick and the switch are exceptions. */
unsigned long sched_critical_enter(void)
{
	unsigned long flags = arch_local_irq_save();

	sched.critical_entries++;
	return flags;
}

void sched_critical_exit(unsigned long state)
{
	arch_local_irq_restore(state);
}

unsigned long sched_critical_entries(void)
{
	return READ_ONCE(sched.critical_entries);
}

#ifdef CONFIG_MM_PORT_CRITICAL
/* The allocator's critical section is the scheduler's, as in an RTOS port. */
unsigned long mm_port_critical_enter(void)
	__attribute__((alias("sched_critical_enter")));
void mm_port_critical_exit(unsigned long state)
	__attribute__((alias("sched_critical_exit")));
#endif

void sched_yield(void)
{
	arch_sched_pend();
}

/*
 * A task's function returned (with interrupts unmasked, as it started):
 * it never runs again. The switch is taken as the mask is restored.
 */
static void __noreturn sched_task_exit(void)
{
	unsigned long flags = sched_critical_enter();

	sched.current->state = SCHED_DONE;
	sched.live--;
	arch_sched_pend();
	sched_critical_exit(flags);
	for (;;)
		sched_yield();
}

int sched_task_init(struct sched_task *t, const char *name, void (*fn)(void *),
		    void *arg, void *stack, size_t stack_size)
{
	unsigned long flags;

	if (!fn || !stack || stack_size < SCHED_STACK_MIN)
		return -EINVAL;
	if (sched.running)
		return -EBUSY;
	t->name = name;
	t->stack_lo = (uintptr_t)stack;
	t->sp = arch_sched_stack_init(stack, stack_size, fn, arg,
				      sched_task_exit);
	t->state = SCHED_READY;
	t->switches = 0;

	flags = sched_critical_enter();
	if (!sched.tasks) {
		t->next = t;
	} else {
		/* Insert after the head: the ring's order is irrelevant. */
		t->next = sched.tasks->next;
		sched.tasks->next = t;
	}
	sched.tasks = t;
	sched.live++;
	sched_critical_exit(flags);
	return 0;
}

/* The first ready task of the ring from @from on, or NULL. */
static struct sched_task *sched_next_ready(struct sched_task *from)
{
	struct sched_task *t = from;

	if (!t)
		return NULL;
	do {
		if (t->state == SCHED_READY)
			return t;
		t = t->next;
	} while (t != from);
	return NULL;
}

/*
 * Called by the arch's switch with interrupts masked: @sp is the saved
 * stack pointer of the context that ran. Return the one to resume.
 */
unsigned long sched_switch(unsigned long sp)
{
	struct sched_task *prev = sched.current, *next;

	/* Too late to save anything, but better said than left to corrupt
	 * whatever lies below the stack. */
	if (sp < prev->stack_lo)
		panic("sched: task %s overflowed its stack", prev->name);
	prev->sp = sp;
	next = sched_next_ready(prev == &sched.boot ? sched.tasks : prev->next);
	if (!next)
		next = &sched.boot;
	if (next != prev)
		next->switches++;
	sched.current = next;
	return next->sp;
}

/* The periodic tick: end of the running task's slice. */
static void sched_tick(void)
{
	if (sched.tick_hook)
		sched.tick_hook();
	arch_sched_pend();
}

int sched_run(unsigned long slice_us, void (*tick_hook)(void))
{
	int err;

	if (sched.current != &sched.boot || sched.running)
		return -EBUSY;
	sched.tick_hook = tick_hook;
	sched.running = true;
	arch_sched_init();
	err = arch_timer_start(slice_us, sched_tick);
	if (!err) {
		/* The first yield switches to the tasks; the boot context
		 * runs again only when none is ready, i.e. all are done. */
		while (READ_ONCE(sched.live))
			sched_yield();
		arch_timer_stop();
	}
	sched.tasks = NULL;
	sched.live = 0;
	sched.running = false;
	sched.tick_hook = NULL;
	return err;
}
