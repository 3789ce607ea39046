// TEMPORARY probe, deleted after testing.
#include <baremm/arch.h>
#include <baremm/ktest.h>
#include <baremm/smp.h>
#include <baremm/printk.h>
#include <baremm/board.h>
static void fault_cpu1(void *arg)
{
	(void)arg;
	if (arch_cpu_id() == 1)
		__asm__ __volatile__("udf #1");
	for (volatile int i = 0; i < 100000000; i++);
}
static void probe(struct ktest *t)
{
	(void)t;
	u64 a = arch_counter(), f = arch_counter_freq();
	printk("counter %llu freq %llu\n", a, f);
	switch (PROBE) {
	case 1: { volatile u32 *p = (u32 *)0x40300002; u32 v; __asm__ __volatile__("ldrex %0, [%1]" : "=r"(v) : "r"(p)); break; }
	case 2: ((void (*)(void))0x0c000000)(); break;
	case 3: smp_call_on_each_cpu(fault_cpu1, NULL); break;
	case 4: (void)*(volatile u32 *)0x0c000000; break;
	case 5: __asm__ __volatile__("svc #5"); break;
	case 6: { u64 s = arch_counter(); while (arch_counter() - s < 3 * f) ; printk("3 s: %llu\n", arch_counter() - s); break; }
	case 7: { unsigned long fl = arch_irq_save(); __asm__ __volatile__("udf #2"); arch_irq_restore(fl); break; }
	case 8: { volatile unsigned int z = 0; printk("%u\n", 5u / z); break; }
	case 9: ((void (*)(void))0x0)(); break;
	case 10: (void)*(volatile u32 *)16; break;
	case 11: *(volatile u32 *)0x100 = 1; break;
	}
	printk("probe end\n");
}
static const struct ktest_case cases[] = { KTEST_CASE(probe) };
KTEST_SUITE(aaprobe, cases);
