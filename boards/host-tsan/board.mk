# board: x86-64 Linux process, 4 CPU threads under ThreadSanitizer
ARCH := host
CPUFLAGS :=
QEMU_CMD :=
# Instead of arch/host's ASan + UBSan: TSan cannot be combined with ASan.
# The code is the host board's; only the sanitizer differs.
SANITIZE := -fsanitize=thread -fno-omit-frame-pointer
