# arch/mips: MIPS32r2, o32, soft-float, no PIC. The board's CPUFLAGS pick the
# endianness (-EB/-EL) and with it the toolchain, whose libgcc is built for
# that byte order only. Debian's libgcc is PIC and hard-float: linking any
# of it warns, so the tree must not need it (no 64-bit division).
CROSS_COMPILE := $(if $(filter -EL,$(CPUFLAGS)),mipsel-,mips-)linux-gnu-
ARCH_CFLAGS := -march=mips32r2 -mabi=32 -mno-abicalls -fno-pic -fno-pie -G0 \
	-msoft-float -fno-stack-protector -fno-asynchronous-unwind-tables
LDSCRIPT_DEP := $(LDSCRIPT)
IMAGE_LDFLAGS := -nostdlib -nostartfiles -static -no-pie -T $(LDSCRIPT) \
	-Wl,--build-id=none
IMAGE_LIBS := -lgcc
