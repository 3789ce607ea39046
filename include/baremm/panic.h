/* SPDX-License-Identifier: MIT */
/* panic and BUG: broken internal state stops the machine with a message. */
#ifndef BAREMM_PANIC_H
#define BAREMM_PANIC_H

#include <baremm/compiler.h>

void __noreturn __cold panic(const char *fmt, ...) __printf(1, 2);

#define BUG() panic("BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(cond)                                                          \
	do {                                                                  \
		if (unlikely(cond))                                           \
			panic("BUG_ON(%s) at %s:%d", #cond, __FILE__,         \
			      __LINE__);                                      \
	} while (0)

#endif
