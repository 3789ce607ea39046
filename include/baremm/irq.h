/* SPDX-License-Identifier: MIT */
/*
 * A periodic timer interrupt on the calling CPU: what each arch/<arch>/
 * provides so the self-test can run allocator code in interrupt context
 * (tests/kernel/irq_alloc_test.c). Each arch uses the timer the CPU
 * architecture defines, not a board device:
 *
 *   ARMv7-A, AArch64  generic timer, virtual (CNTV, PPI 27), via GICv2
 *   ARMv7-M           SysTick, which also keeps arch_counter() running
 *   ARMv6-M           the same where the core has SysTick (optional; the
 *                     nRF51 has none, and the answer is -ENODEV)
 *   MIPS32            CP0 Count/Compare, IP7
 *   RISC-V            CLINT mtimecmp, the M-mode timer interrupt
 *   host              none: -ENOSYS
 *
 * The handler runs with interrupts masked, on the stack of whatever it
 * interrupted, and may call the allocator's entry points (they mask
 * interrupts around their critical sections, see include/mm/mm.h). It
 * must not call printk: a console line in progress on the same CPU would
 * deadlock it.
 */
#ifndef BAREMM_IRQ_H
#define BAREMM_IRQ_H

/**
 * arch_timer_start - call @handler every @period_us microseconds on the
 * calling CPU, and unmask interrupts on it; one timer at a time. The next period starts when
 * the handler returns, so a handler slower than the period delays the
 * ticks but never starves the code it interrupts.
 * Return: 0; -ENOSYS when the arch has no timer interrupt here, -ENODEV
 * when the board does not describe the timer or its interrupt controller,
 * -EINVAL for a period of 0 or one the timer cannot count, -EBUSY when a
 * timer is already running.
 */
int arch_timer_start(unsigned long period_us, void (*handler)(void));

/*
 * arch_timer_stop - stop the timer arch_timer_start() started, on the
 * same CPU, and put that CPU's interrupt mask back as it was before the
 * start (masked, except on ARMv7-M where SysTick always runs). Once it
 * returns the handler is not called again. A no-op when no timer runs.
 */
void arch_timer_stop(void);

#endif
