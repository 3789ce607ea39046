/* SPDX-License-Identifier: MIT */
/*
 * ARM semihosting: requests to the debugger, or to QEMU with
 * -semihosting-config enable=on. The boards use it as their exit device.
 */
#ifndef ASM_SEMIHOST_H
#define ASM_SEMIHOST_H

#ifndef __ASSEMBLY__
#include <baremm/compiler.h>
#endif

#define SEMIHOST_SYS_GET_CMDLINE 0x15
#define SEMIHOST_SYS_EXIT_EXTENDED 0x20
/* The reason SYS_EXIT_EXTENDED needs for QEMU to exit with the code. */
#define ADP_STOPPED_APPLICATION_EXIT 0x20026

/*
 * arm_semihost - make semihosting request @op with parameter block @arg.
 * The trap is `svc 0x123456` on v7-A in ARM state and `bkpt 0xab` on M;
 * without a semihosting host it is an SVC exception or a HardFault.
 * Return: the host's answer in r0.
 */
long arm_semihost(unsigned long op, const void *arg);

/*
 * arm_semihost_exit - SYS_EXIT_EXTENDED with @code, which QEMU exits with.
 * Without a semihosting host the trap is the fault the vectors report.
 */
void __noreturn arm_semihost_exit(int code);

#endif
