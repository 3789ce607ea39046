// SPDX-License-Identifier: MIT
/*
 * Secondary CPUs of ARMv7-A through PSCI 0.2+: CPU_ON starts a powered-off
 * CPU at secondary_entry (head-v7a.S). The conduit, HVC or SMC, is the
 * "method" of the device tree's /psci node: QEMU's virt board answers HVC
 * when it runs without EL2/EL3 and SMC with virtualization=on.
 */
#include <baremm/arch.h>
#include <baremm/board.h>
#include <baremm/errno.h>
#include <baremm/fdt.h>
#include <baremm/string.h>
#include <asm/psci.h>

#define PSCI_0_2_FN_SYSTEM_OFF 0x84000008u
#define PSCI_0_2_FN_CPU_ON     0x84000003u

/* PSCI return codes. */
#define PSCI_SUCCESS	     0
#define PSCI_NOT_SUPPORTED   (-1)
#define PSCI_INVALID_PARAMS  (-2)
#define PSCI_DENIED	     (-3)
#define PSCI_ALREADY_ON	     (-4)
#define PSCI_ON_PENDING	     (-5)
#define PSCI_NOT_PRESENT     (-7)
#define PSCI_INVALID_ADDRESS (-9)

extern char secondary_entry[];

static long psci_hvc(u32 fn, u32 a1, u32 a2, u32 a3)
{
	register u32 r0 __asm__("r0") = fn;
	register u32 r1 __asm__("r1") = a1;
	register u32 r2 __asm__("r2") = a2;
	register u32 r3 __asm__("r3") = a3;

	__asm__ __volatile__(".arch_extension virt\n\thvc #0"
			     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
			     :
			     : "memory");
	return (s32)r0;
}

static long psci_smc(u32 fn, u32 a1, u32 a2, u32 a3)
{
	register u32 r0 __asm__("r0") = fn;
	register u32 r1 __asm__("r1") = a1;
	register u32 r2 __asm__("r2") = a2;
	register u32 r3 __asm__("r3") = a3;

	__asm__ __volatile__(".arch_extension sec\n\tsmc #0"
			     : "+r"(r0), "+r"(r1), "+r"(r2), "+r"(r3)
			     :
			     : "memory");
	return (s32)r0;
}

/*
 * The conduit the device tree names, or NULL when there is no tree or no
 * PSCI 0.2+ node in it: then there is nothing safe to call, since HVC and
 * SMC are undefined instructions on a CPU with nothing behind them.
 */
static long (*psci_conduit(void))(u32, u32, u32, u32)
{
	const char *method;
	u32 len;

	if (!board_dtb || !fdt_getprop(board_dtb, "/psci", "compatible", &len))
		return NULL;
	method = fdt_getprop(board_dtb, "/psci", "method", &len);
	if (!method || len == 0 || method[len - 1] != '\0')
		return NULL;
	if (!strcmp(method, "hvc"))
		return psci_hvc;
	if (!strcmp(method, "smc"))
		return psci_smc;
	return NULL;
}

static int psci_to_errno(long ret)
{
	switch (ret) {
	case PSCI_SUCCESS:
		return 0;
	case PSCI_NOT_SUPPORTED:
		return -EOPNOTSUPP;
	case PSCI_INVALID_PARAMS: /* e.g. no such CPU: -smp too small */
		return -EINVAL;
	case PSCI_DENIED:
		return -EPERM;
	case PSCI_ALREADY_ON:
	case PSCI_ON_PENDING:
		return -EBUSY;
	case PSCI_NOT_PRESENT:
		return -ENOENT;
	case PSCI_INVALID_ADDRESS:
		return -EFAULT;
	default:
		return -EIO;
	}
}

/*
 * The CPU number is the target's MPIDR Aff0 (one cluster) and is handed to
 * secondary_entry in r0 as the context id. The MMU is off, so the entry's
 * link address is its physical address.
 */
int arch_cpu_start(unsigned int cpu)
{
	long (*call)(u32, u32, u32, u32) = psci_conduit();

	if (cpu == 0 || cpu >= CONFIG_NR_CPUS)
		return -EINVAL;
	if (!call)
		return -ENOSYS;
	/* Everything CPU 0 wrote must be visible to a CPU without caches. */
	__asm__ __volatile__("dsb" ::: "memory");
	return psci_to_errno(call(PSCI_0_2_FN_CPU_ON, cpu,
				  (u32)(uintptr_t)secondary_entry, cpu));
}

void psci_system_off(void)
{
	long (*call)(u32, u32, u32, u32) = psci_conduit();

	if (call)
		call(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
}
