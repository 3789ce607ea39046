# board: QEMU virt AArch64, 4x Cortex-A53, 8 GiB (RAM above 4 GiB), PSCI SMP
ARCH := arm64
CPUFLAGS := -mcpu=cortex-a53
# QEMU puts the DTB at the base of RAM only when the image starts above
# it; memlayout.h draws the map.
LOAD_ADDR := 0x40200000
QEMU_CMD := qemu-system-aarch64 -M virt -cpu cortex-a53 -m 8G -smp 4 \
	-nographic -nic none -semihosting-config enable=on,target=native
