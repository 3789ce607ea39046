// SPDX-License-Identifier: MIT
/* The semihosting exit every ARM board uses as its board_exit(). */
#include <baremm/compiler.h>
#include <baremm/types.h>
#include <asm/semihost.h>

void arm_semihost_exit(int code)
{
	const u32 args[2] = {ADP_STOPPED_APPLICATION_EXIT, (u32)code};

	arm_semihost(SEMIHOST_SYS_EXIT_EXTENDED, args);
	/* No semihosting host: the trap was a fault, reported and exited. */
	for (;;)
		__asm__ __volatile__("wfi");
}
