/* SPDX-License-Identifier: MIT */
/* What head.S's exception vectors hand to mips_exception() in traps.c. */
#ifndef ASM_TRAPS_H
#define ASM_TRAPS_H

/* Which vector was taken, at its offset from EBase. */
#define VEC_TLB_REFILL 0 /* EBase + 0x000 */
#define VEC_CACHE_ERR  1 /* EBase + 0x100, through kseg1 */
#define VEC_GENERAL    2 /* EBase + 0x180 */
#define VEC_INTERRUPT  3 /* EBase + 0x200, only when Cause.IV = 1 */

#ifndef __ASSEMBLY__
#include <baremm/compiler.h>

void __noreturn mips_exception(unsigned long cause, unsigned long epc,
			       unsigned long badvaddr, unsigned long vec);
#endif

#endif
