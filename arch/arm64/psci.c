// SPDX-License-Identifier: MIT
/*
 * Secondary CPU start and power-off through PSCI. The conduit (HVC or SMC)
 * is the device tree's /psci "method"; HVC when there is no device tree,
 * which is what QEMU's virt board uses without EL2.
 */
#include <baremm/arch.h>
#include <baremm/board.h>
#include <baremm/errno.h>
#include <baremm/fdt.h>
#include <baremm/string.h>
#include <asm/boot.h>
#include <asm/psci.h>

static long psci_call(unsigned long fn, unsigned long a1, unsigned long a2,
		      unsigned long a3)
{
	const char *method = NULL;
	u32 len;

	if (board_dtb)
		method = fdt_getprop(board_dtb, "/psci", "method", &len);
	if (method && len >= 4 && !strcmp(method, "smc"))
		return arm64_psci_smc(fn, a1, a2, a3);
	return arm64_psci_hvc(fn, a1, a2, a3);
}

static int psci_to_errno(long ret)
{
	switch (ret) {
	case PSCI_RET_SUCCESS:
		return 0;
	case PSCI_RET_NOT_SUPPORTED:
		return -EOPNOTSUPP;
	case PSCI_RET_INVALID_PARAMS:
	case PSCI_RET_INVALID_ADDRESS:
		return -EINVAL;
	case PSCI_RET_DENIED:
		return -EPERM;
	case PSCI_RET_ALREADY_ON:
	case PSCI_RET_ON_PENDING:
		return -EBUSY;
	case PSCI_RET_NOT_PRESENT:
	case PSCI_RET_DISABLED:
		return -ENOENT;
	default:
		return -EIO;
	}
}

/*
 * CPU @cpu has MPIDR Aff0 = @cpu (one cluster, as QEMU's virt board has up
 * to 8 CPUs). It starts at secondary_entry (head.S) with x0 = @cpu.
 */
int arch_cpu_start(unsigned int cpu)
{
	long ret;

	if (cpu == 0 || cpu >= CONFIG_NR_CPUS)
		return -EINVAL;
	ret = psci_call(PSCI_0_2_FN64_CPU_ON, cpu,
			(unsigned long)secondary_entry, cpu);
	return psci_to_errno(ret);
}

void psci_system_off(void)
{
	psci_call(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
}
