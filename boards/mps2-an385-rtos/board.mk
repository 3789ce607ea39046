# board: mps2-an385 with newlib and a preemptive scheduler: tasks and an IRQ share the heap
# The mps2-an385 board (same CPU, QEMU, memory map and board.c) with
# CONFIG_LIBC_NEWLIB, as mps2-an385-newlib, and CONFIG_SCHED: kernel/sched.c
# runs the tasks of tests/rtos/sched_alloc_test.c in SysTick time slices.
# defconfig repeats boards/mps2-an385-newlib/defconfig: keep them in step.
include boards/mps2-an385/board.mk
