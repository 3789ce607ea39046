/* SPDX-License-Identifier: MIT */
/* PSCI calls of ARMv7-A (smp-v7a.c): CPU_ON is arch_cpu_start(). */
#ifndef ASM_PSCI_H
#define ASM_PSCI_H

/* psci_system_off - power the machine off; returns only if PSCI refuses. */
void psci_system_off(void);

#endif
