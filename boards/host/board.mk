# board: x86-64 Linux process, ASan+UBSan, RAM from mmap
ARCH := host
CPUFLAGS :=
QEMU_CMD :=
