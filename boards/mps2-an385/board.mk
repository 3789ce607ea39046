# board: QEMU MPS2 AN385, Cortex-M3, 24 MiB in three RAM banks, CMSDK UART
ARCH := arm
CPUFLAGS := -mcpu=cortex-m3 -mthumb -mfloat-abi=soft
# -m must be 16M: that is PSRAM, QEMU's machine RAM on this board.
QEMU_CMD := qemu-system-arm -M mps2-an385 -m 16M -nographic \
	-semihosting-config enable=on,target=native
