// SPDX-License-Identifier: MIT
/*
 * Secondary CPUs of arch/host: each a thread of the process. Boot image
 * only; the CPU number it sets is arch/host/cpu.c's host_this_cpu.
 */
#include <pthread.h>

#include <baremm/arch.h>
#include <baremm/compiler.h>
#include <baremm/errno.h>

static void *cpu_thread(void *arg)
{
	host_this_cpu = (unsigned int)(uintptr_t)arg;
	secondary_start_kernel(host_this_cpu);
}

/*
 * Secondary CPU @cpu: a detached thread that enters secondary_start_kernel()
 * and never returns; board_exit() ends it with the process.
 */
int arch_cpu_start(unsigned int cpu)
{
	pthread_attr_t attr;
	pthread_t t;
	int err;

	if (cpu == 0 || cpu >= CONFIG_NR_CPUS)
		return -EINVAL;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	err = pthread_create(&t, &attr, cpu_thread, (void *)(uintptr_t)cpu);
	pthread_attr_destroy(&attr);
	return err ? -err : 0;
}
