/* SPDX-License-Identifier: MIT */
/* How the fault self-test makes an arm64 CPU take an exception. */
#ifndef ASM_FAULT_H
#define ASM_FAULT_H

/* udf #0: permanently undefined, an EC 0x00 synchronous exception. */
static inline void arch_trigger_fault(void)
{
	__asm__ __volatile__("udf #0");
}

#endif
