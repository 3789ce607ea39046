# board: x86-64 Linux process, smallest build: no heap bitmap, debug level 0, 8 MiB
ARCH := host
CPUFLAGS := -DHOST_RAM_MIB=6,2
QEMU_CMD :=
