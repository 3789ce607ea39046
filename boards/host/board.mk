# board: x86-64 Linux process, 4 CPU threads, ASan+UBSan, RAM from mmap
ARCH := host
CPUFLAGS :=
QEMU_CMD :=
