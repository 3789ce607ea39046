// SPDX-License-Identifier: MIT
/*
 * SMP bring-up and cross-CPU calls. Secondary CPUs enter
 * secondary_start_kernel() on their own stack (the arch sets it up), mark
 * themselves online and then wait for work posted by
 * smp_call_on_each_cpu(). There is no interrupt-driven IPI: waiting CPUs
 * poll, with arch_cpu_wait_event() between polls (where a CPU may sleep
 * until an event), and whoever changes what they poll for calls
 * arch_cpu_send_event() after the change.
 */
#include <baremm/arch.h>
#include <baremm/printk.h>
#include <baremm/smp.h>
#include <baremm/spinlock.h>

/* A bring-up that takes longer than this many polls is a failed CPU. */
#define SMP_START_POLLS 100000000u

static unsigned int cpus_online = 1;	/* written with atomics */

/*
 * The one cross-CPU call in flight. @gen changes (release) after @fn and
 * @arg are written; a CPU that sees a new @gen runs fn(arg) and then
 * increments @done. Callers serialise on call_lock.
 */
static struct {
	void (*fn)(void *arg);
	void *arg;
	unsigned int gen;
	unsigned int done;
} smp_call;
static spinlock_t call_lock = SPINLOCK_INIT;

/* Defaults for CPUs without a wait-for-event: poll, and nothing to send. */
void __weak arch_cpu_wait_event(void)
{
	arch_cpu_relax();
}

void __weak arch_cpu_send_event(void)
{
}

unsigned int smp_num_online(void)
{
	return __atomic_load_n(&cpus_online, __ATOMIC_ACQUIRE);
}

void secondary_start_kernel(unsigned int cpu)
{
	unsigned int seen = __atomic_load_n(&smp_call.gen, __ATOMIC_ACQUIRE);

	printk("smp: CPU %u online (arch_cpu_id %u)\n", cpu, arch_cpu_id());
	__atomic_fetch_add(&cpus_online, 1, __ATOMIC_RELEASE);
	for (;;) {
		unsigned int gen;

		while ((gen = __atomic_load_n(&smp_call.gen,
					      __ATOMIC_ACQUIRE)) == seen)
			arch_cpu_wait_event();
		seen = gen;
		smp_call.fn(smp_call.arg);
		__atomic_fetch_add(&smp_call.done, 1, __ATOMIC_RELEASE);
		arch_cpu_send_event();
	}
}

void smp_call_on_each_cpu(void (*fn)(void *arg), void *arg)
{
	unsigned int others = smp_num_online() - 1;

	spin_lock(&call_lock);
	smp_call.fn = fn;
	smp_call.arg = arg;
	__atomic_store_n(&smp_call.done, 0, __ATOMIC_RELAXED);
	__atomic_fetch_add(&smp_call.gen, 1, __ATOMIC_RELEASE);
	arch_cpu_send_event();
	fn(arg);
	while (__atomic_load_n(&smp_call.done, __ATOMIC_ACQUIRE) < others)
		arch_cpu_wait_event();
	spin_unlock(&call_lock);
}

unsigned int smp_init(void)
{
	for (unsigned int cpu = 1; cpu < CONFIG_NR_CPUS; cpu++) {
		unsigned int want = smp_num_online() + 1;
		int err = arch_cpu_start(cpu);

		if (err) {
			printk("smp: CPU %u not started (%d)\n", cpu, err);
			break;
		}
		for (unsigned int i = 0; smp_num_online() < want; i++) {
			if (i == SMP_START_POLLS) {
				printk("smp: CPU %u did not come up\n", cpu);
				return smp_num_online();
			}
			arch_cpu_relax();
		}
	}
	return smp_num_online();
}
