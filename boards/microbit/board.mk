# board: QEMU BBC micro:bit, nRF51 Cortex-M0 (ARMv6-M), 16 KiB SRAM, runs from flash
ARCH := arm
CPUFLAGS := -mcpu=cortex-m0 -mthumb -mfloat-abi=soft
# Code size first, on flash of 256 KiB (docs/porting.md: -Os on an MCU).
OPT := -Os
# The memory is fixed (256 KiB flash, 16 KiB SRAM): no -m.
QEMU_CMD := qemu-system-arm -M microbit -nographic \
	-semihosting-config enable=on,target=native
