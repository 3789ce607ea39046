# board: QEMU virt, 4x Cortex-A15 (PSCI), 3 GiB RAM from the DTB, PL011
ARCH := arm
CPUFLAGS := -mcpu=cortex-a15 -marm -mfloat-abi=soft
# highmem=off keeps every device below 4 GiB; -m 3G is RAM up to 0xffffffff.
QEMU_CMD := qemu-system-arm -M virt,highmem=off -cpu cortex-a15 -m 3G \
	-smp 4 -nographic -nic none \
	-semihosting-config enable=on,target=native
