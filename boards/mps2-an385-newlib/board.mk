# board: mps2-an385 linked with newlib (full): malloc, stdio and strdup on baremm
# The mps2-an385 board (same CPU, QEMU, memory map and board.c) with
# CONFIG_LIBC_NEWLIB: glue/libc.mk links the toolchain's newlib.
# defconfig repeats boards/mps2-an385/defconfig: keep the two in step.
include boards/mps2-an385/board.mk
