# board: mps2-an385 linked with picolibc: malloc, strdup and asprintf on baremm
# The mps2-an385 board (same CPU, QEMU, memory map and board.c) with
# CONFIG_LIBC_PICOLIBC: glue/libc.mk links picolibc.
# defconfig repeats boards/mps2-an385/defconfig: keep the two in step.
include boards/mps2-an385/board.mk
