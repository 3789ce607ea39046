/* SPDX-License-Identifier: MIT */
/* Secondary CPU bring-up and running a function on every CPU. */
#ifndef BAREMM_SMP_H
#define BAREMM_SMP_H

#include <baremm/types.h>

/* smp_init - start every secondary CPU; returns the number online. */
unsigned int smp_init(void);

/* Number of CPUs that are up (1 before smp_init). */
unsigned int smp_num_online(void);

/*
 * smp_call_on_each_cpu - run fn(arg) on every online CPU, the caller's
 * included, and return when all have finished.
 */
void smp_call_on_each_cpu(void (*fn)(void *arg), void *arg);

#endif
