/* SPDX-License-Identifier: MIT */
/* Machine-mode CSRs and bits baremm touches, and accessors for C. */
#ifndef ASM_CSR_H
#define ASM_CSR_H

#define MSTATUS_MIE 0x00000008 /* M-mode interrupts enabled */
#define MIE_MTIE    0x00000080 /* M-mode timer interrupt enabled */
#define MCAUSE_INT  0x80000000 /* an interrupt, not an exception */
#define MCAUSE_MTI  (MCAUSE_INT | 7) /* the M-mode timer interrupt */

#ifndef __ASSEMBLY__

#define csr_read(csr)                                                          \
	({                                                                     \
		unsigned long v_;                                              \
		__asm__ __volatile__("csrr %0, " #csr : "=r"(v_));             \
		v_;                                                            \
	})

/* Clear @bits in @csr and return its old value. */
#define csr_read_clear(csr, bits)                                              \
	({                                                                     \
		unsigned long v_;                                              \
		__asm__ __volatile__("csrrc %0, " #csr ", %1"                  \
				     : "=r"(v_)                                \
				     : "rK"(bits)                              \
				     : "memory");                              \
		v_;                                                            \
	})

#define csr_set(csr, bits)                                                     \
	__asm__ __volatile__("csrs " #csr ", %0" : : "rK"(bits) : "memory")

#define csr_clear(csr, bits)                                                   \
	__asm__ __volatile__("csrc " #csr ", %0" : : "rK"(bits) : "memory")

#endif /* __ASSEMBLY__ */
#endif
