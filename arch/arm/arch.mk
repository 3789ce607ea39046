# arch/arm: 32-bit ARM, ARMv7-A (Cortex-A15) and ARMv7-M (Cortex-M3) with the
# bare-metal EABI toolchain. The board.mk picks the CPU (-mcpu, -marm or
# -mthumb) and names nothing else; its linker script is boards/<b>/link.ld.
CROSS_COMPILE := arm-none-eabi-

# -fno-delete-null-pointer-checks: address 0 is RAM on mps2 (vector table,
# first RAM bank) and flash on virt, so a load from it must not become a trap.
# --param=min-pagesize=0: gcc 12 otherwise warns (-Warray-bounds) on accesses
# to small constant addresses such as the mps2 vector table.
# -mno-unaligned-access: until the v7-A MMU is on (start-up, or a port that
# never turns it on) all memory is Strongly-ordered, where unaligned accesses
# fault on real hardware (QEMU 7.2 lets them pass); keep them out everywhere.
ARCH_CFLAGS := -fno-delete-null-pointer-checks --param=min-pagesize=0 \
	-mno-unaligned-access

LDSCRIPT := boards/$(BOARD)/link.ld
LDSCRIPT_DEP := $(LDSCRIPT) arch/arm/image.ld
IMAGE_LDFLAGS := -nostdlib -nostartfiles -static -T $(LDSCRIPT) \
	-Wl,--no-warn-rwx-segments
IMAGE_LIBS := -lgcc
