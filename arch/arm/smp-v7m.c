// SPDX-License-Identifier: MIT
/* ARMv7-M and ARMv6-M have one CPU: there are no secondaries to start. */
#include <baremm/arch.h>
#include <baremm/errno.h>

int arch_cpu_start(unsigned int cpu)
{
	(void)cpu;
	return -ENOSYS;
}
