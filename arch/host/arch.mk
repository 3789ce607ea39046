# arch/host: the kernel as a Linux process, under ASan and UBSan. Picks the
# host compiler; boards/host32 adds -m32. A board may set SANITIZE before
# this (boards/host-tsan: ThreadSanitizer instead).
CROSS_COMPILE :=
SANITIZE ?= -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
ARCH_CFLAGS := $(SANITIZE)
IMAGE_LDFLAGS := $(SANITIZE)
IMAGE_LIBS := -lpthread
MM_STATIC_LIMIT := 0
