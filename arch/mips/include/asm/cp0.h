/* SPDX-License-Identifier: MIT */
/* MIPS32r2 coprocessor 0 registers and bits baremm touches, for C and asm. */
#ifndef ASM_CP0_H
#define ASM_CP0_H

/* Register numbers (register, select) for mfc0/mtc0. */
#define CP0_BADVADDR $8
#define CP0_COUNT    $9
#define CP0_COMPARE  $11
#define CP0_STATUS   $12
#define CP0_CAUSE    $13
#define CP0_EPC	     $14
#define CP0_EBASE    $15, 1

#define ST0_IE	0x00000001 /* interrupts enabled */
#define ST0_IM	0x0000ff00 /* interrupt mask, one bit per IP line */
#define ST0_IM7 0x00008000 /* the CP0 timer's line */
#define ST0_BEV 0x00400000 /* exceptions go to the boot ROM */

#define CAUSEF_BD	 0x80000000 /* the fault was in a branch delay slot */
#define CAUSEF_IP	 0x0000ff00 /* interrupts pending */
#define CAUSEF_IP7	 0x00008000 /* the CP0 timer (IntCtl.IPTI = 7) */
#define CAUSE_EXCCODE(c) (((c) >> 2) & 0x1f)
#define CAUSE_EXCCODE_MASK 0x0000007c /* ExcCode in place; 0 = interrupt */

#define EBASE_CPUNUM 0x3ff

#ifndef __ASSEMBLY__

/* read_c0(9, 0): mfc0 of register 9, select 0. */
#define read_c0(reg, sel)                                                      \
	({                                                                     \
		unsigned long v_;                                              \
		__asm__ __volatile__("mfc0 %0, $" #reg ", " #sel : "=r"(v_));  \
		v_;                                                            \
	})

/* write_c0(11, 0, v): mtc0 to register 11, select 0, then ehb. */
#define write_c0(reg, sel, v)                                                  \
	__asm__ __volatile__("mtc0 %0, $" #reg ", " #sel "\n\tehb"            \
			     :                                                 \
			     : "r"((unsigned long)(v))                         \
			     : "memory")

#define read_c0_count()	     read_c0(9, 0)
#define read_c0_status()     read_c0(12, 0)
#define read_c0_ebase()	     read_c0(15, 1)
#define write_c0_compare(v)  write_c0(11, 0, v)
#define write_c0_status(v)   write_c0(12, 0, v)

#endif /* __ASSEMBLY__ */
#endif
