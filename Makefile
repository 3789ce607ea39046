# SPDX-License-Identifier: MIT
#
# baremm top-level Makefile.
#
#   make [BOARD=<board>]        build build/<board>/baremm.elf and libmm.a
#   make [BOARD=<board>] run    build and boot it (QEMU, or a process on host)
#   make test                   every host test and every board image
#   make help                   boards and targets
#
# A board implies its architecture: boards/<board>/board.mk sets ARCH and the
# toolchain, arch/<arch>/arch.mk adds the arch objects and flags. Objects go
# out of tree under $(O); each directory lists its objects in a Kbuild file.

BOARD ?= qemu-virt-a15
ifeq ($(wildcard boards/$(BOARD)/board.mk),)
$(error unknown BOARD '$(BOARD)'; try 'make help')
endif

# Test variants are separate builds with one extra config line each.
# EXTRA_CONFIG="CONFIG_X=y ..." adds lines to the board's defconfig for a
# build of its own (use its own O=; tools/bench/run does).
variant-$(KTEST_FAIL)  += CONFIG_KTEST_FAIL=y
variant-$(KTEST_FAULT) += CONFIG_KTEST_FAULT=y
variant-$(KTEST_HANG)  += CONFIG_KTEST_HANG=y
variant-name := $(subst =y,,$(subst CONFIG_KTEST_,,$(firstword $(variant-1))))
O ?= build/$(BOARD)$(if $(variant-name),-$(shell echo $(variant-name) | tr A-Z_ a-z-))

ifeq ($(V),1)
Q :=
quiet = @true
else
Q := @
quiet = @printf '  %-7s %s\n'
endif

# kconfiglib comes from Debian's python3-kconfiglib, which lives with the
# system interpreter, not with whatever python3 is first on PATH.
PYTHON := /usr/bin/python3
KCONFIG_ENV := KCONFIG_CONFIG=$(O)/.config

include boards/$(BOARD)/board.mk
include arch/$(ARCH)/arch.mk
# Goals that neither build nor read the configuration: with only these,
# .config is not read, so make does not try to generate it (with kconfiglib
# that setup may not have installed yet) before they run.
NOCONFIG_GOALS := setup run test bench help clean distclean print-qemu-cmd
ifneq ($(MAKECMDGOALS),)
ifeq ($(filter-out $(NOCONFIG_GOALS),$(MAKECMDGOALS)),)
SKIP_CONFIG := 1
endif
endif
ifndef SKIP_CONFIG
-include $(O)/.config
endif

CC      := $(CROSS_COMPILE)gcc
AR      := $(CROSS_COMPILE)gcc-ar
LD      := $(CROSS_COMPILE)ld
SIZE    := $(CROSS_COMPILE)size
OBJDUMP := $(CROSS_COMPILE)objdump

# -fno-tree-loop-distribute-patterns: keep gcc from turning lib/string.c's
# loops back into calls to memset/memcpy (themselves).
FREESTANDING := -ffreestanding -fno-builtin -fno-tree-loop-distribute-patterns
# OPT: the optimisation level; a board.mk may set it (-Os on the MCUs
# that take docs/porting.md's advice), tools/footprint passes -Os.
OPT ?= -O2
KBUILD_CFLAGS := -std=gnu11 $(OPT) -g -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wvla \
	-fno-common -fno-strict-aliasing \
	-Iinclude -Iarch/$(ARCH)/include -Iboards/$(BOARD) -I$(O)/include \
	-include $(O)/include/generated/autoconf.h \
	$(CPUFLAGS) $(ARCH_CFLAGS)
KBUILD_AFLAGS := -D__ASSEMBLY__ $(filter-out -std=gnu11,$(KBUILD_CFLAGS))

# Objects: each Kbuild appends paths relative to the tree's top. The
# archive and the image depend on the lists too: an object added, dropped
# or moved (suites run in link order) links again.
KBUILD_LISTS := lib/Kbuild mm/Kbuild glue/Kbuild kernel/Kbuild tests/Kbuild \
		arch/$(ARCH)/Kbuild boards/$(BOARD)/Kbuild
include $(KBUILD_LISTS)
# Flags of images linked with a C library (CONFIG_LIBC_*).
include glue/libc.mk

obj = $(addprefix $(O)/,$(1))
# Three archives (docs/embedding.md):
#   libmm.a         the allocator: mm/, its string and format helpers, the
#                   glue, the arch's CPU primitives. A firmware links it.
#   libmm-selftest.a  mm_selftest() and the allocator's suites.
#   libmm-kernel.a  printk, panic, the KTAP runner, one-CPU cross-CPU
#                   calls: what the board image and the self-test stand on.
LIBMM_OBJS := $(call obj,$(lib-y) $(mm-y) $(glue-y) $(arch-lib-y))
KERNEL_LIB_OBJS := $(call obj,$(kernel-lib-y))
SELFTEST_OBJS := $(call obj,$(mm-test-y))
IMAGE_OBJS := $(call obj,$(arch-y) $(board-y) $(kernel-y) $(test-y))
ALL_OBJS := $(LIBMM_OBJS) $(KERNEL_LIB_OBJS) $(SELFTEST_OBJS) $(IMAGE_OBJS)

# .data + .bss allowed to mm/ objects: 128 words, 512 B on 32-bit and
# 1 KiB on 64-bit, where the same pointers, counters and locks are twice
# the size. arch/host lifts it (ASan pads globals).
MM_STATIC_LIMIT ?= $(if $(CONFIG_64BIT),1024,512)

IMAGE := $(O)/baremm.elf
LIBMM := $(O)/libmm.a
LIBMM_SELFTEST := $(O)/libmm-selftest.a
LIBMM_KERNEL := $(O)/libmm-kernel.a
LIBS := $(LIBMM) $(LIBMM_SELFTEST) $(LIBMM_KERNEL)
AUTOCONF := $(O)/include/generated/autoconf.h

.PHONY: all run test help menuconfig savedefconfig lib clean distclean \
	setup bench print-qemu-cmd print-cross-compile FORCE
all: $(IMAGE) $(LIBS)

# ---- configuration ---------------------------------------------------------
KCONFIG_FILES := Kconfig $(wildcard */Kconfig)

$(O)/defconfig.in: boards/$(BOARD)/defconfig FORCE
	@mkdir -p $(@D)
	@{ cat $<; for l in $(variant-1) $(EXTRA_CONFIG); do echo "$$l"; \
		done; } > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

# kconfiglib leaves an unchanged .config untouched: touch it, or make would
# regenerate it on every run after a Kconfig edit.
$(O)/.config: $(O)/defconfig.in $(KCONFIG_FILES)
	$(quiet) CONF $@
	$(Q)$(KCONFIG_ENV) $(PYTHON) -m defconfig --kconfig Kconfig $< >/dev/null
	$(Q)touch $@

$(AUTOCONF): $(O)/.config
	@mkdir -p $(@D)
	$(Q)$(KCONFIG_ENV) $(PYTHON) -m genconfig --header-path $@ Kconfig

menuconfig: $(O)/.config
	$(Q)$(KCONFIG_ENV) $(PYTHON) -m menuconfig Kconfig

savedefconfig: $(O)/.config
	$(Q)$(KCONFIG_ENV) $(PYTHON) -m savedefconfig --kconfig Kconfig \
		--out $(O)/defconfig >/dev/null
	@echo "wrote $(O)/defconfig (copy it to boards/$(BOARD)/defconfig to keep it)"

# ---- compile ---------------------------------------------------------------
# arch/host is a Linux process and may use libc; everything else is
# freestanding.
$(O)/arch/host/%.o: FREESTANDING :=
$(O)/boards/host/%.o: FREESTANDING :=

$(O)/%.o: %.c $(AUTOCONF)
	@mkdir -p $(@D)
	$(quiet) CC $<
	$(Q)$(CC) $(KBUILD_CFLAGS) $(FREESTANDING) -MMD -MP -c $< -o $@

$(O)/%.o: %.S $(AUTOCONF)
	@mkdir -p $(@D)
	$(quiet) AS $<
	$(Q)$(CC) $(KBUILD_AFLAGS) $(FREESTANDING) -MMD -MP -c $< -o $@

-include $(ALL_OBJS:.o=.d)

# libmm.a defines the API of include/mm/ and the glue's entry points and
# no other name a firmware could have: its objects are compiled with
# hidden visibility (include/mm/ makes the API default), and
# tools/mm-names lists every hidden name they define with the __mm_
# prefix it gets (mm_foo becomes __mm_foo, memcpy __mm_memcpy). Every
# object linked anywhere is renamed with that list into $(O)/ns/, so the
# self-test, the kernel and the image reach the allocator's internals by
# their new names. The glue keeps default visibility: the C library's
# and FreeRTOS's names are what it is for.
MM_NAMES := $(O)/mm-names.txt
OBJCOPY := $(CROSS_COMPILE)objcopy
READELF := $(CROSS_COMPILE)readelf
ns = $(patsubst $(O)/%,$(O)/ns/%,$(1))
# It speaks through the port's hooks (mm/report.c), not the kernel's
# printk and panic.
$(LIBMM_OBJS): KBUILD_CFLAGS += -Dprintk=report_printk -Dpanic=report_panic
# A section per function and object: a firmware linked with
# --gc-sections keeps only what its calls reach (tools/footprint --api).
$(LIBMM_OBJS): KBUILD_CFLAGS += -ffunction-sections -fdata-sections
LIBMM_HIDDEN := $(filter-out $(O)/glue/%,$(LIBMM_OBJS))
$(LIBMM_HIDDEN): KBUILD_CFLAGS += -fvisibility=hidden
# Objects built before these flags were (an older tree) must not be reused.
$(LIBMM_OBJS): Makefile
# A board.mk sets CPUFLAGS and OPT: objects follow it.
$(ALL_OBJS): $(filter boards/%,$(MAKEFILE_LIST))

$(MM_NAMES): $(LIBMM_OBJS) tools/mm-names $(KBUILD_LISTS)
	$(quiet) NAMES $@
	$(Q)tools/mm-names --readelf $(READELF) $(LIBMM_OBJS) > $@.tmp
	$(Q)cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(O)/ns/%.o: $(O)/%.o $(MM_NAMES)
	@mkdir -p $(@D)
	$(Q)$(OBJCOPY) --redefine-syms=$(MM_NAMES) $< $@

# The mm self-test suites are one relocatable object, so a port that calls
# mm_selftest() links every suite registered in it.
$(O)/mm-selftest.o: $(SELFTEST_OBJS) $(KBUILD_LISTS)
	$(quiet) LD $@
	$(Q)$(CC) $(CPUFLAGS) -nostdlib -r -o $@ $(SELFTEST_OBJS)

$(LIBMM): $(call ns,$(LIBMM_OBJS)) $(KBUILD_LISTS)
	$(quiet) AR $@
	$(Q)rm -f $@ && $(AR) rcs $@ $(call ns,$(LIBMM_OBJS))

$(LIBMM_SELFTEST): $(O)/ns/mm-selftest.o
	$(quiet) AR $@
	$(Q)rm -f $@ && $(AR) rcs $@ $<

$(LIBMM_KERNEL): $(call ns,$(KERNEL_LIB_OBJS)) $(KBUILD_LISTS)
	$(quiet) AR $@
	$(Q)rm -f $@ && $(AR) rcs $@ $(call ns,$(KERNEL_LIB_OBJS))

# Every member of the three: the suites are found through their section,
# not through a symbol.
$(IMAGE): $(call ns,$(IMAGE_OBJS)) $(LIBS) $(LDSCRIPT_DEP) $(KBUILD_LISTS)
	$(quiet) LINK $@
	$(Q)$(CC) $(CPUFLAGS) $(IMAGE_LDFLAGS) -Wl,-Map=$(O)/baremm.map \
		-o $@ $(call ns,$(IMAGE_OBJS)) -Wl,--whole-archive \
		$(LIBMM_SELFTEST) $(LIBMM_KERNEL) $(LIBMM) \
		-Wl,--no-whole-archive $(IMAGE_LIBS)
	$(Q)tools/footprint --size $(SIZE) --board $(BOARD) \
		--limit $(MM_STATIC_LIMIT) $@ \
		$(call obj,$(mm-y))

lib: $(LIBS)

# make install [DESTDIR=...] [PREFIX=...]: the three archives,
# include/mm/*.h, the board's config header and a CMake package
# (tools/install). The host boards' library needs their sanitizers at link
# time, so those flags go into the package with the CPU flags.
PREFIX ?= /usr/local
LIB_USER_FLAGS = $(CPUFLAGS) $(filter -fsanitize=% -fno-sanitize-recover=% \
	-fno-omit-frame-pointer,$(ARCH_CFLAGS))
.PHONY: install
install: $(LIBS)
	$(Q)tools/install --board $(BOARD) --build $(O) \
		--dest $(DESTDIR)$(PREFIX) --cflags "$(LIB_USER_FLAGS)" \
		--ldflags "$(LIB_USER_FLAGS)"

# ---- run and test ----------------------------------------------------------
setup:
	$(Q)tools/setup

run: setup
	$(Q)$(MAKE) --no-print-directory BOARD=$(BOARD) all
	$(Q)tools/qemu-run --board $(BOARD) --show \
		$(if $(TIMEOUT),--timeout $(TIMEOUT)) $(IMAGE) -- $(QEMU_CMD); \
	rc=$$?; tools/heapmap --png $(O)/run.log -o $(O)/heapmap.svg; exit $$rc

test: setup
	$(Q)tools/test-all

# For tools/test-all: the board's QEMU command without -kernel (empty for
# host boards, whose image runs as a process).
print-qemu-cmd:
	@echo '$(QEMU_CMD)'

# For tests/libmm-names/check: the prefix of the board's binutils.
print-cross-compile:
	@echo '$(CROSS_COMPILE)'

bench: setup
	$(Q)tools/bench/run
	$(Q)tools/footprint --api

# make fuzz [FUZZ_SECONDS=600]: the allocator's libFuzzer target, built with
# clang from the host board's configuration (docs/robustness.md).
include tests/fuzz/fuzz.mk

help:
	@echo "baremm: a freestanding memory allocator for bare-metal and RTOS systems"
	@echo
	@echo "Targets:"
	@echo "  all (default)   build build/<board>/baremm.elf and the libraries"
	@echo "  run             build and boot the board, show self-test, demo, stats"
	@echo "  test            install what is missing, build and run every board"
	@echo "  lib             build build/<board>/libmm.a (and the self-test's) only"
	@echo "  install         the libraries, headers, CMake package to DESTDIR/PREFIX"
	@echo "  bench           host and target benchmarks, code size (docs/benchmarks.md)"
	@echo "  fuzz            libFuzzer run of the allocator, FUZZ_SECONDS=600 (docs/robustness.md)"
	@echo "  fuzz-up         the same with one CPU"
	@echo "  menuconfig      edit build/<board>/.config"
	@echo "  savedefconfig   write a minimal build/<board>/defconfig"
	@echo "  setup           install toolchains and QEMU from Debian's packages"
	@echo "  clean           remove build/<board>; distclean removes build/"
	@echo
	@echo "Variables: BOARD=<board> (default qemu-virt-a15), V=1 (show commands),"
	@echo "  KTEST_FAIL=1 / KTEST_FAULT=1 / KTEST_HANG=1 (runner self-checks),"
	@echo "  TIMEOUT=<seconds> for run (default 60). docs/testing.md explains test."
	@echo
	@echo "Boards:"
	@for b in boards/*/board.mk; do d=$${b%/board.mk}; \
		printf '  %-16s %s\n' "$${d#boards/}" "$$(sed -n 's/^# board: //p' $$b)"; done

clean:
	rm -rf $(O)

distclean:
	rm -rf build

FORCE:
