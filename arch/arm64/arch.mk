# arch/arm64: AArch64 at EL1 with the MMU off, on the GNU cross toolchain.
# The board's board.mk sets LOAD_ADDR, the physical address the image is
# linked and loaded at.
CROSS_COMPILE := aarch64-linux-gnu-

# -mgeneral-regs-only: FP/SIMD stays trapped (CPACR_EL1), so no vector
# registers ever need saving. -mstrict-align: with the MMU off all data is
# Device memory, where unaligned accesses fault on hardware (QEMU 7.2 lets
# them pass). -mno-outline-atomics: Debian's gcc calls libgcc helpers that
# pick LSE or LL/SC from a constructor nobody runs here; inline LL/SC is
# what a Cortex-A53 (ARMv8.0) has anyway.
ARCH_CFLAGS := -mgeneral-regs-only -mstrict-align -mno-outline-atomics \
	-fno-pie -fno-stack-protector -fno-asynchronous-unwind-tables

ifeq ($(LOAD_ADDR),)
$(error boards/$(BOARD)/board.mk must set LOAD_ADDR for arch/arm64)
endif

LDSCRIPT := arch/arm64/baremm.lds
LDSCRIPT_DEP := $(LDSCRIPT) boards/$(BOARD)/board.mk
IMAGE_LDFLAGS := -nostdlib -nostartfiles -static -no-pie -T $(LDSCRIPT) \
	-Wl,--defsym=LOAD_ADDR=$(LOAD_ADDR) \
	-Wl,--build-id=none -Wl,--no-warn-rwx-segments
IMAGE_LIBS := -lgcc
