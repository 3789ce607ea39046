# arch/riscv: 32-bit RISC-V in M-mode, no firmware. The board's CPUFLAGS
# name the ISA and ABI (they also pick the multilib libgcc at link time).
# -misa-spec=2.2 keeps the rv32imac/ilp32 multilib and still lets gas take
# the CSR instructions; "_zicsr" in -march would select the rv64 one.
CROSS_COMPILE := riscv64-unknown-elf-
ARCH_CFLAGS := -mcmodel=medany -fno-stack-protector \
	-fno-asynchronous-unwind-tables
LDSCRIPT_DEP := $(LDSCRIPT)
IMAGE_LDFLAGS := -nostdlib -nostartfiles -static -T $(LDSCRIPT) \
	-Wl,--build-id=none
IMAGE_LIBS := -lgcc
