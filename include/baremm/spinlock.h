/* SPDX-License-Identifier: MIT */
/*
 * Ticket spinlocks on the compiler's 32-bit __atomic builtins, which every
 * target here has inline (ldrex/strex, ll/sc, amo, lock prefix); sub-word
 * atomics are avoided because rv32 gcc 12 calls libatomic for them. The
 * _irqsave forms also mask local interrupts, so an IRQ handler on the same
 * CPU cannot spin on a lock its own CPU holds; they are on the allocator's
 * paths, so they enter local_irq_save(): the inline masking, or the
 * port's critical section (<baremm/arch.h>).
 */
#ifndef BAREMM_SPINLOCK_H
#define BAREMM_SPINLOCK_H

#include <baremm/arch.h>
#include <baremm/compiler.h>
#include <baremm/types.h>

#if CONFIG_NR_CPUS > 1

typedef struct {
	u32 next;	/* ticket handed to the next locker */
	u32 owner;	/* ticket now holding the lock */
} spinlock_t;

#define SPINLOCK_INIT { 0, 0 }

static inline void spin_lock_init(spinlock_t *l)
{
	l->next = 0;
	l->owner = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	u32 me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != me)
		arch_cpu_relax();
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

#else

/*
 * One CPU: every lock is taken with local interrupts masked (by the
 * _irqsave forms, or inside one), so nothing else can be inside it. As in
 * Linux's uniprocessor build, a lock is then only a compiler barrier: no
 * atomics (a call on ARMv6-M), and no bytes in the structures that hold
 * one.
 */
typedef struct {
} spinlock_t;

#define SPINLOCK_INIT {}

static inline void spin_lock_init(spinlock_t *l)
{
	(void)l;
}

static inline void spin_lock(spinlock_t *l)
{
	(void)l;
	barrier();
}

static inline void spin_unlock(spinlock_t *l)
{
	(void)l;
	barrier();
}

#endif /* CONFIG_NR_CPUS > 1 */

static inline unsigned long spin_lock_irqsave(spinlock_t *l)
{
	unsigned long flags = local_irq_save();

	spin_lock(l);
	return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *l, unsigned long flags)
{
	spin_unlock(l);
	local_irq_restore(flags);
}

#endif
