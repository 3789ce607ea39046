# board: x86-64 Linux process at debug level 3 (red zones, poison, validate after every operation), 24 MiB
ARCH := host
CPUFLAGS := -DHOST_RAM_MIB=16,8
QEMU_CMD :=
