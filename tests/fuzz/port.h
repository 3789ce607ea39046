/* SPDX-License-Identifier: MIT */
/* The fuzzer's port (port.c) to the harness (fuzz_mm.c). */
#ifndef FUZZ_PORT_H
#define FUZZ_PORT_H

/* Print the console's last bytes to stderr (unless they were echoed). */
void fuzz_console_dump(void);

#endif
