# board: i386 Linux process (-m32), 4 CPU threads, ASan+UBSan, RAM from mmap
ARCH := host
CPUFLAGS := -m32
QEMU_CMD :=
