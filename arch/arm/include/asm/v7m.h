/* SPDX-License-Identifier: MIT */
/* ARMv7-M system control space registers and the SysTick counter hooks. */
#ifndef ASM_V7M_H
#define ASM_V7M_H

/* The vector table's page: no access once booted (traps-v7m.c). */
#define V7M_VECTOR_GUARD 1024

#ifndef __ASSEMBLY__
#include <baremm/types.h>

#define V7M_ICSR  0xe000ed04u /* interrupt control and state */
#define V7M_VTOR  0xe000ed08u /* vector table offset */
#define V7M_CCR	  0xe000ed14u /* configuration and control */
#define V7M_SHCSR 0xe000ed24u /* system handler control and state */
#define V7M_CFSR  0xe000ed28u /* configurable fault status */
#define V7M_HFSR  0xe000ed2cu /* hard fault status */
#define V7M_MMFAR 0xe000ed34u /* memory management fault address */
#define V7M_BFAR  0xe000ed38u /* bus fault address */

#define V7M_MPU_TYPE 0xe000ed90u /* DREGION in bits 15:8 */
#define V7M_MPU_CTRL 0xe000ed94u
#define V7M_MPU_RNR  0xe000ed98u /* region number */
#define V7M_MPU_RBAR 0xe000ed9cu /* region base */
#define V7M_MPU_RASR 0xe000eda0u /* region attributes and size */

#define V7M_SYST_CSR 0xe000e010u /* SysTick control and status */
#define V7M_SYST_RVR 0xe000e014u /* SysTick reload value */
#define V7M_SYST_CVR 0xe000e018u /* SysTick current value */

#define V7M_ICSR_PENDSTSET    (1u << 26)
#define V7M_ICSR_PENDSTCLR    (1u << 25)
#define V7M_CCR_DIV_0_TRP     (1u << 4)
#define V7M_SHCSR_MEMFAULTENA (1u << 16)
#define V7M_SHCSR_BUSFAULTENA (1u << 17)
#define V7M_SHCSR_USGFAULTENA (1u << 18)
#define V7M_HFSR_FORCED	      (1u << 30)
#define V7M_CFSR_MMARVALID    (1u << 7)
#define V7M_CFSR_BFARVALID    (1u << 15)

static inline u32 v7m_read(u32 reg)
{
	return *(volatile u32 *)reg;
}

static inline void v7m_write(u32 reg, u32 val)
{
	*(volatile u32 *)reg = val;
}

/*
 * v7m_counter_start - run SysTick from the processor clock of @cpu_hz Hz
 * as arch_counter(). SysTick is 24 bits wide, so it also interrupts on
 * every wrap and v7m_systick_handler() counts the wraps: the vector table
 * of a port that uses arch_counter() must point SysTick at it.
 */
void v7m_counter_start(u32 cpu_hz);
void v7m_systick_handler(void);

/*
 * v7m_systick_set - give SysTick a wrap every @period cycles and call
 * @hook from v7m_systick_handler() at each; the counter goes on across
 * the change. v7m_systick_set(1 << 24, NULL) is the counter alone again.
 * Return: 0; -ENODEV before v7m_counter_start(), -EINVAL when @period is
 * not 2 .. 2^24.
 */
int v7m_systick_set(u32 period, void (*hook)(void));
#endif

#endif
