# board: QEMU Malta, MIPS32r2 24Kf little-endian, 256 MiB, UHI exit
ARCH := mips
CPUFLAGS := -EL
LDSCRIPT := boards/malta-common/malta.ld
QEMU_CMD := qemu-system-mipsel -M malta -m 256M -nographic -nic none -vga none -semihosting
