/* SPDX-License-Identifier: MIT */
/*
 * PSCI, the Arm firmware interface to start and stop CPUs (DEN0022). On
 * QEMU's virt board without firmware, QEMU itself answers the calls.
 */
#ifndef ASM_PSCI_H
#define ASM_PSCI_H

#define PSCI_0_2_FN_VERSION    0x84000000u
#define PSCI_0_2_FN_SYSTEM_OFF 0x84000008u
#define PSCI_0_2_FN64_CPU_ON   0xc4000003u

#define PSCI_RET_SUCCESS	  0
#define PSCI_RET_NOT_SUPPORTED	  -1
#define PSCI_RET_INVALID_PARAMS	  -2
#define PSCI_RET_DENIED		  -3
#define PSCI_RET_ALREADY_ON	  -4
#define PSCI_RET_ON_PENDING	  -5
#define PSCI_RET_INTERNAL_FAILURE -6
#define PSCI_RET_NOT_PRESENT	  -7
#define PSCI_RET_DISABLED	  -8
#define PSCI_RET_INVALID_ADDRESS  -9

#ifndef __ASSEMBLY__
/* The two SMCCC conduits (head.S): x0 = function id, x1..x3 = arguments. */
long arm64_psci_hvc(unsigned long fn, unsigned long a1, unsigned long a2,
		    unsigned long a3);
long arm64_psci_smc(unsigned long fn, unsigned long a1, unsigned long a2,
		    unsigned long a3);

/* psci_system_off - power the machine off; returns only if PSCI failed. */
void psci_system_off(void);
#endif

#endif
