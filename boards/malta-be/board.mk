# board: QEMU Malta, MIPS32r2 24Kf big-endian, 256 MiB, UHI exit
ARCH := mips
CPUFLAGS := -EB
LDSCRIPT := boards/malta-common/malta.ld
QEMU_CMD := qemu-system-mips -M malta -m 256M -nographic -nic none -vga none -semihosting
