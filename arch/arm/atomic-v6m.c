// SPDX-License-Identifier: MIT
/*
 * ARMv6-M has no LDREX/STREX, so gcc turns every 32-bit atomic
 * read-modify-write (__atomic_fetch_add and friends, which mm/ and
 * <baremm/spinlock.h> use) into a call to the libatomic function of the
 * same name with _4 appended; plain atomic loads and stores stay inline.
 * arm-none-eabi ships no libatomic, so these are they: the operation with
 * PRIMASK set. That is atomic on the one CPU a v6-M core is, against its
 * interrupt handlers too, which is all the allocator needs; it is not
 * against another bus master. The memory order needs no barrier beyond
 * the compiler's: one core sees its own accesses in order.
 */
#include <baremm/arch.h>

/*
 * Each is defined under a name of our own with gcc's out-of-line name as
 * its assembler name: gcc knows the __atomic_ names as built-ins and
 * rejects definitions of them.
 */
#define V6M_ATOMIC_RMW(op, expr)                                              \
	u32 v6m_atomic_fetch_##op(volatile void *p, u32 v, int order)         \
		__asm__("__atomic_fetch_" #op "_4");                          \
	u32 v6m_atomic_fetch_##op(volatile void *p, u32 v, int order)         \
	{                                                                     \
		volatile u32 *w = p;                                          \
		unsigned long flags = arch_local_irq_save();                  \
		u32 old = *w;                                                 \
                                                                              \
		(void)order;                                                  \
		*w = (expr);                                                  \
		arch_local_irq_restore(flags);                                \
		return old;                                                   \
	}                                                                     \
	u32 v6m_atomic_##op##_fetch(volatile void *p, u32 v, int order)       \
		__asm__("__atomic_" #op "_fetch_4");                          \
	u32 v6m_atomic_##op##_fetch(volatile void *p, u32 v, int order)       \
	{                                                                     \
		u32 old = v6m_atomic_fetch_##op(p, v, order);                 \
                                                                              \
		return (void)old, (expr);                                     \
	}

V6M_ATOMIC_RMW(add, old + v)
V6M_ATOMIC_RMW(sub, old - v)
V6M_ATOMIC_RMW(and, old & v)
V6M_ATOMIC_RMW(or, old | v)
V6M_ATOMIC_RMW(xor, old ^ v)

u32 v6m_atomic_exchange(volatile void *p, u32 v, int order)
	__asm__("__atomic_exchange_4");
u32 v6m_atomic_exchange(volatile void *p, u32 v, int order)
{
	volatile u32 *w = p;
	unsigned long flags = arch_local_irq_save();
	u32 old = *w;

	(void)order;
	*w = v;
	arch_local_irq_restore(flags);
	return old;
}

/* Store @v if *@p is *@expected; else load *@p into *@expected. */
bool v6m_atomic_compare_exchange(volatile void *p, void *expected, u32 v,
				 int success, int failure)
	__asm__("__atomic_compare_exchange_4");
bool v6m_atomic_compare_exchange(volatile void *p, void *expected, u32 v,
				 int success, int failure)
{
	volatile u32 *w = p;
	u32 *e = expected;
	unsigned long flags = arch_local_irq_save();
	u32 old = *w;
	bool ok = old == *e;

	(void)success;
	(void)failure;
	if (ok)
		*w = v;
	else
		*e = old;
	arch_local_irq_restore(flags);
	return ok;
}
