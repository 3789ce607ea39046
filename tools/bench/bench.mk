# SPDX-License-Identifier: MIT
#
# tools/bench/bench.mk: the benchmark programs, read after the top Makefile
# so that they build with a board's own objects, flags and libmm.a, in a
# tree of their own that the normal images never see:
#
#   make -f Makefile -f tools/bench/bench.mk BOARD=host O=build/bench/host \
#       ARCH_CFLAGS= IMAGE_LDFLAGS= bench-host
#   make -f Makefile -f tools/bench/bench.mk BOARD=<arm board> \
#       O=build/bench/<board> bench-target
#
#   make -f Makefile -f tools/bench/bench.mk BOARD=<arm board> \
#       O=build/bench/<board> bench-fill
#
# tools/bench/run does these; docs/benchmarks.md explains the numbers.
#
# Host: libmm.a is the board's, built with ARCH_CFLAGS emptied (no ASan or
# UBSan; -O2 -g as everywhere), plus tools/bench/host_port.c. One driver
# binary per allocator: $(O)/bench-{baremm,glibc,mimalloc,jemalloc,none}.
#
# Target: three images per board, from the board's start-up and board
# objects and tests/bench: $(O)/bench-baremm.elf (kmalloc/kfree),
# bench-newlib.elf (newlib's libc.a malloc/free) and bench-nano.elf
# (libc_nano.a, what --specs=nano.specs links).

.PHONY: bench-host bench-target bench-fill

BENCH_SRC := tests/bench

ifeq ($(ARCH),host)

BENCH_ALLOCS := baremm glibc mimalloc jemalloc none
BENCH_HOST_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow \
	-fno-optimize-sibling-calls -I$(BENCH_SRC) -Iinclude \
	-Iarch/host/include -I$(O)/include -include $(AUTOCONF)
bench-libs-mimalloc := -lmimalloc
bench-libs-jemalloc := -ljemalloc
BENCH_HOST_OBJ := $(O)/obj-bench

bench-host: $(addprefix $(O)/bench-,$(BENCH_ALLOCS))

$(BENCH_HOST_OBJ)/driver-%.o: tools/bench/host_bench.c \
		$(BENCH_SRC)/workload.h $(AUTOCONF)
	@mkdir -p $(@D)
	$(quiet) CC $@
	$(Q)$(CC) $(BENCH_HOST_CFLAGS) \
		-DBENCH_$(shell echo $* | tr a-z A-Z) -c $< -o $@

$(BENCH_HOST_OBJ)/workload.o: $(BENCH_SRC)/workload.c \
		$(BENCH_SRC)/workload.h $(AUTOCONF)
	@mkdir -p $(@D)
	$(quiet) CC $@
	$(Q)$(CC) $(BENCH_HOST_CFLAGS) -c $< -o $@

$(BENCH_HOST_OBJ)/host_port.o: tools/bench/host_port.c $(AUTOCONF)
	@mkdir -p $(@D)
	$(quiet) CC $@
	$(Q)$(CC) $(BENCH_HOST_CFLAGS) -c $< -o $@

.SECONDARY: $(patsubst %,$(BENCH_HOST_OBJ)/driver-%.o,$(BENCH_ALLOCS))

$(O)/bench-baremm: $(BENCH_HOST_OBJ)/driver-baremm.o \
		$(BENCH_HOST_OBJ)/workload.o $(BENCH_HOST_OBJ)/host_port.o \
		$(LIBMM)
	$(quiet) LINK $@
	$(Q)$(CC) -o $@ $^

$(O)/bench-%: $(BENCH_HOST_OBJ)/driver-%.o $(BENCH_HOST_OBJ)/workload.o
	$(quiet) LINK $@
	$(Q)$(CC) -o $@ $^ $(bench-libs-$*)

else

# What a bench image boots with: the board's start-up, vectors and board
# code, kernel/smp.o for the secondary CPUs' entry; not kernel/main.o, its
# start_kernel is tests/bench/target.c. Linked as every object of the
# tree is, renamed to libmm.a's internal names (the Makefile, $(O)/ns/),
# with libmm-kernel.a for printk and panic.
BENCH_BOOT := $(call ns,$(call obj,$(arch-y) $(board-y) kernel/smp.o \
	kernel/mm_port.o))
BENCH_COMMON := $(call ns,$(call obj,$(BENCH_SRC)/target.o \
	$(BENCH_SRC)/workload.o))
BENCH_IMAGES := $(addprefix $(O)/bench-,baremm.elf newlib.elf nano.elf)

bench-target: $(BENCH_IMAGES)

-include $(call obj,$(addprefix $(BENCH_SRC)/,target.d workload.d \
	alloc_baremm.d alloc_newlib.d))

bench-libc-baremm :=
bench-libc-newlib := -lc
bench-libc-nano := -lc_nano
bench-obj-baremm := $(call ns,$(call obj,$(BENCH_SRC)/alloc_baremm.o))
bench-obj-newlib := $(call ns,$(call obj,$(BENCH_SRC)/alloc_newlib.o $(BENCH_SRC)/sbrk.o))
bench-obj-nano := $(bench-obj-newlib)
.SECONDARY: $(bench-obj-baremm) $(bench-obj-newlib) $(BENCH_COMMON)

.SECONDEXPANSION:
$(O)/bench-%.elf: $(BENCH_BOOT) $(BENCH_COMMON) $$(bench-obj-$$*) $(LIBMM) \
		$(LIBMM_KERNEL) $(LDSCRIPT_DEP)
	$(quiet) LINK $@
	$(Q)$(CC) $(CPUFLAGS) $(IMAGE_LDFLAGS) -Wl,-Map=$(@:.elf=.map) \
		-o $@ $(BENCH_BOOT) $(BENCH_COMMON) $(bench-obj-$*) \
		$(LIBMM_KERNEL) $(LIBMM) $(bench-libc-$*) $(IMAGE_LIBS)

# Fill images (tests/bench/fill.c): $(O)/fill-{baremm,newlib,nano}.elf.
# The board's mm_add_region() and mm_reserve() calls are wrapped: the
# image gives the allocator one region of its own choosing. baremm without
# the heap bitmap is fill-baremm.elf of a build with
# EXTRA_CONFIG=CONFIG_MM_HEAP_BITMAP=n in another O.
FILL_IMAGES := $(addprefix $(O)/fill-,baremm.elf newlib.elf nano.elf)
FILL_WRAP := -Wl,--wrap=mm_add_region -Wl,--wrap=mm_reserve
fill-obj-baremm := $(call ns,$(call obj,$(BENCH_SRC)/fill_baremm.o))
fill-obj-newlib := $(call ns,$(call obj,$(BENCH_SRC)/fill_newlib.o $(BENCH_SRC)/sbrk.o))
fill-obj-nano := $(fill-obj-newlib)
FILL_COMMON := $(call ns,$(call obj,$(BENCH_SRC)/fill.o))
-include $(call obj,$(addprefix $(BENCH_SRC)/,fill.d fill_baremm.d \
	fill_newlib.d sbrk.d))
.SECONDARY: $(fill-obj-baremm) $(fill-obj-newlib) $(FILL_COMMON)

bench-fill: $(FILL_IMAGES)

$(O)/fill-%.elf: $(BENCH_BOOT) $(FILL_COMMON) $$(fill-obj-$$*) $(LIBMM) \
		$(LIBMM_KERNEL) $(LDSCRIPT_DEP)
	$(quiet) LINK $@
	$(Q)$(CC) $(CPUFLAGS) $(IMAGE_LDFLAGS) $(FILL_WRAP) \
		-Wl,-Map=$(@:.elf=.map) -o $@ $(BENCH_BOOT) $(FILL_COMMON) \
		$(fill-obj-$*) $(LIBMM_KERNEL) $(LIBMM) $(bench-libc-$*) \
		$(IMAGE_LIBS)

endif
