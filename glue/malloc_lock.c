// SPDX-License-Identifier: MIT
/*
 * The lock behind newlib's __malloc_lock/__malloc_unlock: recursive, one
 * holder CPU at a time, interrupts masked on that CPU while it holds it,
 * so an interrupt handler cannot slip into a section its own CPU opened.
 * baremm's allocator never takes it (its entries lock inside); it exists
 * for code that brackets several calls with __malloc_lock.
 * Kept apart from malloc_r.c, which sees the C library's headers, because
 * it needs the kernel's spinlock and arch headers.
 */
#include <baremm/arch.h>
#include <baremm/spinlock.h>

#include "malloc_lock.h"

#define NO_OWNER (~0u)

static spinlock_t malloc_lock = SPINLOCK_INIT;
static unsigned int lock_owner = NO_OWNER; /* CPU holding it */
static unsigned int lock_depth;		   /* holder's nesting */
static unsigned long lock_flags;	   /* IRQ state before the first lock */

void glue_lock(void)
{
	unsigned long flags = local_irq_save();
	unsigned int cpu = arch_local_cpu_id();

	/* Only the holder itself can see its own id here, IRQs masked. */
	if (__atomic_load_n(&lock_owner, __ATOMIC_RELAXED) == cpu) {
		lock_depth++;
		return;
	}
	spin_lock(&malloc_lock);
	__atomic_store_n(&lock_owner, cpu, __ATOMIC_RELAXED);
	lock_depth = 1;
	lock_flags = flags;
}

void glue_unlock(void)
{
	unsigned long flags;

	if (__atomic_load_n(&lock_owner, __ATOMIC_RELAXED) !=
		    arch_local_cpu_id() ||
	    !lock_depth)
		return; /* not held by this CPU: ignore */
	if (--lock_depth)
		return;
	flags = lock_flags;
	__atomic_store_n(&lock_owner, NO_OWNER, __ATOMIC_RELAXED);
	spin_unlock(&malloc_lock);
	local_irq_restore(flags);
}
