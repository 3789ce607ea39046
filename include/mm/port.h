/* SPDX-License-Identifier: MIT */
/*
 * Port hooks: what a firmware may give the allocator. None is required
 * unless the library was built with CONFIG_MM_PORT_CRITICAL, which asks
 * for the critical section. docs/porting.md has a FreeRTOS port and a
 * superloop one.
 */
#ifndef MM_PORT_H
#define MM_PORT_H

/* The library's API: libmm.a hides its other names (docs/embedding.md). */
#pragma GCC visibility push(default)

/*
 * mm_port_critical_enter - enter the allocator's critical section; return
 * a state for the matching mm_port_critical_exit(). Only a library built
 * with CONFIG_MM_PORT_CRITICAL calls the pair, and then the port must
 * define both (otherwise the arch's inline interrupt masking is the
 * section, and no call is made). Contract, as for interrupt masking:
 * sections nest (exit restores what its enter found, it does not simply
 * unmask); callable from every context that allocates, interrupt
 * handlers included; no code that allocates may run on this CPU while
 * inside; both are compiler barriers (an out-of-line call is one).
 * FreeRTOS: taskENTER_CRITICAL_FROM_ISR() / taskEXIT_CRITICAL_FROM_ISR().
 */
unsigned long mm_port_critical_enter(void);
void mm_port_critical_exit(unsigned long state);

/*
 * mm_port_report - one message of the allocator, NUL-terminated, ending in
 * a newline: a bad free, corruption found by mm_validate() or a debug
 * check, a refused mm_add_region(), mm_init()'s summary, mm_dump()'s
 * lines. May be called with the allocator's locks held and interrupts
 * masked, from interrupt handlers too: it must not allocate. The library
 * has a weak default that writes @msg to console_putc(char) when the
 * firmware links one (a weak reference: an object file, not an archive
 * member, must define it), and says nothing when it does not.
 */
void mm_port_report(const char *msg);

/*
 * mm_port_panic - broken internal state (an invariant failed: a BUG, not
 * a caller's mistake). Optional: when the firmware defines it, the
 * allocator calls it with the message and it must not return; when not,
 * the allocator reports the message through mm_port_report() and
 * executes a trap instruction (__builtin_trap()).
 */
void mm_port_panic(const char *msg) __attribute__((noreturn));

#pragma GCC visibility pop

#endif
