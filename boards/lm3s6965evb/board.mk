# board: QEMU Stellaris LM3S6965EVB, Cortex-M3, 64 KiB SRAM, runs from flash
ARCH := arm
CPUFLAGS := -mcpu=cortex-m3 -mthumb -mfloat-abi=soft
# Code size first, on flash of 256 KiB (docs/porting.md: -Os on an MCU).
OPT := -Os
# The memory is fixed (256 KiB flash, 64 KiB SRAM): no -m. No -nic none:
# it leaves the on-chip Ethernet without a peer, and QEMU warns.
QEMU_CMD := qemu-system-arm -M lm3s6965evb -nographic \
	-semihosting-config enable=on,target=native
