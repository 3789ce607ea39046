/* SPDX-License-Identifier: MIT */
/*
 * The ground every layer of the allocator stands on: the geometry (page,
 * arena, index), page frame numbers, assertions and how the allocator
 * prints. docs/design.md walks through the layers above; docs/layers.txt
 * lists which header each may include.
 */
#ifndef MM_BASE_H
#define MM_BASE_H

#include <asm/memory.h>
#include <baremm/arch.h>
#include <baremm/bitops.h>
#include <baremm/compiler.h>
#include <baremm/errno.h>
#include <baremm/panic.h>
#include <baremm/printk.h>
#include <baremm/spinlock.h>
#include <baremm/string.h>
#include <baremm/types.h>
#include <mm/mm.h>

/*
 * printk and panic of mm/report.c: in libmm.a every printk() and panic()
 * (BUG_ON) is one of these (the Makefile renames them), so the allocator
 * speaks through the port's hooks of <mm/port.h>, and needs neither the
 * kernel's printk and panic nor a board_exit().
 */
int report_printk(const char *fmt, ...) __printf(1, 2);
void __noreturn __cold report_panic(const char *fmt, ...) __printf(1, 2);
/* vsnprintf() for CONFIG_MM_TERSE_REPORTS: numbers in hex (report.c). */
int report_terse_format(char *buf, size_t size, const char *fmt, va_list ap);

/* A message's text: @terse with CONFIG_MM_TERSE_REPORTS, else @full. A
 * string literal either way, so pr_err() can prefix it. */
#ifdef CONFIG_MM_TERSE_REPORTS
#define MM_MSG(terse, full) terse
#else
#define MM_MSG(terse, full) full
#endif

/* Why a free is refused (the @why of kfree_report_bad()). */
#define MM_WHY_FREED                                                           \
	MM_MSG("double free", "object is not allocated (double free?)")
#define MM_WHY_INTERIOR                                                        \
	MM_MSG("not an object's start", "not the start of an object")
#define MM_WHY_NO_OBJ  MM_MSG("not an object", "not an allocated object")
#define MM_WHY_NO_HEAP MM_MSG("not heap", "not a heap address")
#define MM_WHY_FREE_PG MM_MSG("free page", "page is free (double free?)")

#define PAGE_SHIFT	CONFIG_PAGE_SHIFT	/* 12; 10 on mps2-an385 */
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define ARENA_SHIFT	CONFIG_ARENA_SHIFT	/* 22 on 32-bit, 26 on 64-bit */
#define ARENA_SIZE	(1UL << ARENA_SHIFT)
/* Pages per arena: 1024 (4 MiB / 4 KiB), 4096 on mps2, 16384 on 64-bit. */
#define ARENA_PAGES	(1UL << (ARENA_SHIFT - PAGE_SHIFT))

/*
 * The arena index covers keys of ARCH_HEAP_ADDR_BITS bits (32 on ARM and
 * RISC-V, 31 on MIPS32, 48 on 64-bit), one entry per arena:
 *   ARENA_KEY_BITS = ARCH_HEAP_ADDR_BITS - ARENA_SHIFT = L1 bits + L2 bits
 * 32-bit: 10 (9 on MIPS) = 0 + 10: one flat array of 1024 (512) pointers.
 * 64-bit: 22 = 10 + 12: 1024 L1 slots, each a 4096-entry L2 block (256 GiB)
 * made on demand. Go's mheap.arenas has the same shape.
 */
#define ARENA_KEY_BITS	(ARCH_HEAP_ADDR_BITS - ARENA_SHIFT)
#define ARENA_L1_BITS	(ARENA_KEY_BITS > 12 ? ARENA_KEY_BITS - 12 : 0)
#define ARENA_L2_BITS	(ARENA_KEY_BITS - ARENA_L1_BITS)
#define ARENA_L1_SIZE	(1UL << ARENA_L1_BITS)
#define ARENA_L2_SIZE	(1UL << ARENA_L2_BITS)

/* Smallest alignment of any object: two words, as malloc promises. */
#define MM_MIN_ALIGN	(2 * sizeof(void *))
/* kmalloc_aligned() accepts alignments up to this. */
#define MM_MAX_ALIGN	(1UL << 20)

_Static_assert(ARENA_SHIFT > PAGE_SHIFT, "an arena holds whole pages");
_Static_assert(ARENA_SHIFT < ARCH_HEAP_ADDR_BITS, "arena within address space");
_Static_assert(ARENA_L2_BITS <= 12, "L2 blocks stay at most 4096 entries");

/* Page frame numbers are addresses >> PAGE_SHIFT; 4 GiB still fits. */
typedef uintptr_t pfn_t;

static inline uintptr_t pfn_to_addr(pfn_t pfn)
{
	return pfn << PAGE_SHIFT;
}

static inline pfn_t addr_to_pfn(uintptr_t addr)
{
	return addr >> PAGE_SHIFT;
}

/* BUG_ON stays on at level 0 but names its line only: the strings of
 * its file and condition were most of what it cost. */
#if CONFIG_MM_DEBUG_LEVEL == 0
#undef BUG_ON
#define BUG_ON(cond)                                                           \
	do {                                                                   \
		if (unlikely(cond))                                            \
			panic("BUG_ON at line %d", __LINE__);                  \
	} while (0)
#endif

/* MM_BUG_ON: an internal assertion at level >= 1, type-checked when off. */
#define MM_BUG_ON(cond)                                                       \
	do {                                                                  \
		if (CONFIG_MM_DEBUG_LEVEL >= 1)                               \
			BUG_ON(cond);                                         \
		else                                                          \
			(void)sizeof(!(cond));                                \
	} while (0)

/* More than one CPU: the lock-free paths need real atomics and
 * barriers. With one, interrupt masking is enough (mm/span.h). */
#define MM_SMP (CONFIG_NR_CPUS > 1)
/* Loads paired with a publishing release store. With one CPU program
 * order is enough: no barrier (a dmb on ARM) on the lock-free paths. */
#define MM_ACQUIRE (MM_SMP ? __ATOMIC_ACQUIRE : __ATOMIC_RELAXED)

#endif
