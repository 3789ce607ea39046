// SPDX-License-Identifier: MIT
/* panic and the CPU-exception report: print, then stop with a status. */
#include <baremm/arch.h>
#include <baremm/board.h>
#include <baremm/exit.h>
#include <baremm/panic.h>
#include <baremm/printk.h>

void panic(const char *fmt, ...)
{
	va_list ap;

	arch_irq_save();
	printk_emergency();
	printk("\nKernel panic on CPU %u: ", arch_cpu_id());
	va_start(ap, fmt);
	vprintk(fmt, ap);
	va_end(ap);
	printk("\nRESULT: PANIC\n");
	board_exit(EXIT_PANIC);
}

void fault_report(const struct fault_info *fi)
{
	printk_emergency();
	printk("\nFAULT: %s on CPU %u: pc=0x%lx cause=0x%lx addr=0x%lx\n",
	       fi->what, arch_cpu_id(), fi->pc, fi->cause, fi->addr);
	printk("RESULT: FAULT\n");
	board_exit(EXIT_FAULT);
}
