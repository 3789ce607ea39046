# board: QEMU virt, RV32IMAC in M-mode, 2 GiB up to 0xFFFFFFFF, FDT memory map
ARCH := riscv
CPUFLAGS := -march=rv32imac -mabi=ilp32 -misa-spec=2.2
LDSCRIPT := boards/qemu-virt-rv32/virt.ld
QEMU_CMD := qemu-system-riscv32 -M virt -m 2G -nographic -bios none
