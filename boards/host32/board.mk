# board: i386 Linux process (-m32), ASan+UBSan, RAM from mmap
ARCH := host
CPUFLAGS := -m32
QEMU_CMD :=
