# board: mps2-an385 linked with newlib-nano: malloc, stdio and strdup on baremm; the port's critical section
# The mps2-an385 board (same CPU, QEMU, memory map and board.c) with
# CONFIG_LIBC_NEWLIB_NANO: glue/libc.mk links newlib's nano flavour.
# And CONFIG_MM_PORT_CRITICAL, as an RTOS firmware would build it: the
# allocator enters tests/kernel/port_critical_test.c's critical section.
# defconfig repeats boards/mps2-an385/defconfig: keep the two in step.
include boards/mps2-an385/board.mk
