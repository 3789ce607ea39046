# board: lm3s6965evb with newlib and a preemptive scheduler in 64 KiB: tasks and an IRQ share the heap, in the scheduler's critical section
# The lm3s6965evb board (same CPU, QEMU, memory map and board.c) with
# CONFIG_LIBC_NEWLIB and CONFIG_SCHED, as mps2-an385-rtos: kernel/sched.c
# runs the tasks of tests/rtos/sched_alloc_test.c, scaled to the SRAM:
# 4 objects a task (CONFIG_KTEST_RTOS_SLOTS), of 8 B to 1 KiB
# (CONFIG_KTEST_RTOS_MAX_SIZE: with larger ones a few requests in 10^6
# found no run of pages, docs/embedding.md), at most a quarter of the
# free heap at a time. And CONFIG_MM_PORT_CRITICAL:
# the allocator enters the scheduler's critical section
# (sched_critical_enter()).
# defconfig repeats boards/lm3s6965evb/defconfig: keep the two in step.
include boards/lm3s6965evb/board.mk
