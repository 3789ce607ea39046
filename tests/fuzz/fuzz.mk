# SPDX-License-Identifier: MIT
#
# The allocator's libFuzzer target, included by the top Makefile.
#
#   make fuzz [FUZZ_SECONDS=600] [FUZZ_MAX_LEN=512] [FUZZ_ARGS='-runs=N ...']
#
# builds build/fuzz/fuzz_mm with clang from the allocator's own sources
# (mm/, lib/, kernel/printk.c, kernel/panic.c) and the host board's
# configuration, under ASan + UBSan, with tests/fuzz/port.c in place of
# arch/host and boards/host, then runs it for FUZZ_SECONDS on its working
# corpus build/fuzz/corpus, seeded from tests/fuzz/corpus (which it only
# reads). A finding stops the run with a non-zero status and leaves the
# input in build/fuzz/artifacts/; rerun it with
#   build/fuzz/fuzz_mm build/fuzz/artifacts/crash-...
# docs/robustness.md records runs and what the target checks.

FUZZ_SECONDS ?= 600
FUZZ_MAX_LEN ?= 512
FUZZ_ARGS ?=
FUZZ_CC ?= clang
FUZZ_O := build/fuzz
FUZZ_BIN := $(FUZZ_O)/fuzz_mm

.PHONY: fuzz fuzz-build fuzz-run fuzz-up

# The fuzzer always builds with the host board's configuration, in its own
# directory, whatever BOARD says.
fuzz: setup
	$(Q)$(MAKE) --no-print-directory BOARD=host O=$(FUZZ_O) fuzz-run

fuzz-build:
	$(Q)$(MAKE) --no-print-directory BOARD=host O=$(FUZZ_O) $(FUZZ_BIN)

# The same with one CPU, in build/fuzz-up: the paths only the one-CPU
# boards take (kfree without the page's state byte, span.move_at, span
# tails trimmed when memory is out) under the same model.
fuzz-up: setup
	$(Q)$(MAKE) --no-print-directory BOARD=host O=build/fuzz-up \
		FUZZ_O=build/fuzz-up \
		EXTRA_CONFIG="CONFIG_SMP=n CONFIG_NR_CPUS=1" fuzz-run

ifeq ($(O),$(FUZZ_O))
FUZZ_SRCS := $(patsubst %.o,%.c,$(mm-y) $(lib-y) $(glue-y)) kernel/printk.c \
	kernel/panic.c kernel/smp.c lib/irqflags.c
FUZZ_MM_OBJS := $(patsubst %.c,$(FUZZ_O)/obj/%.o,$(FUZZ_SRCS))
FUZZ_PORT_OBJS := $(FUZZ_O)/obj/tests/fuzz/fuzz_mm.o \
	$(FUZZ_O)/obj/tests/fuzz/port.o $(FUZZ_O)/obj/arch/host/cpu.o \
	$(FUZZ_O)/obj/arch/host/smp.o
FUZZ_SAN := -fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer
FUZZ_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -Wshadow \
	-Wstrict-prototypes -Wmissing-prototypes -Wpointer-arith -Wvla \
	-fno-common -fno-strict-aliasing \
	-Iinclude -Iarch/host/include -I$(O)/include -include $(AUTOCONF) \
	$(FUZZ_SAN) -fsanitize=fuzzer-no-link

# The allocator is freestanding code; its libc names are renamed
# (tests/fuzz/rename.h). The harness and port are ordinary programs.
$(FUZZ_MM_OBJS): FUZZ_EXTRA := -ffreestanding -fno-builtin \
	-include tests/fuzz/rename.h
$(FUZZ_PORT_OBJS): FUZZ_EXTRA := -fno-sanitize-coverage=trace-cmp
# The whole-heap walkers run after every input and memset zeroes whole
# objects; comparison tracing in their loops would cost most of the time
# and tells the fuzzer nothing (their branches are still covered).
FUZZ_WALKERS := $(FUZZ_O)/obj/mm/validate.o $(FUZZ_O)/obj/mm/stats.o \
	$(FUZZ_O)/obj/lib/string.o
$(FUZZ_WALKERS): FUZZ_EXTRA += -fno-sanitize-coverage=trace-cmp

$(FUZZ_O)/obj/%.o: %.c $(AUTOCONF) tests/fuzz/rename.h
	@mkdir -p $(@D)
	$(quiet) FUZZCC $<
	$(Q)$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_EXTRA) -MMD -MP -c $< -o $@

$(FUZZ_BIN): $(FUZZ_MM_OBJS) $(FUZZ_PORT_OBJS)
	$(quiet) LINK $@
	$(Q)$(FUZZ_CC) $(FUZZ_SAN) -fsanitize=fuzzer -o $@ $^

-include $(FUZZ_MM_OBJS:.o=.d) $(FUZZ_PORT_OBJS:.o=.d)

fuzz-run: $(FUZZ_BIN)
	@mkdir -p $(FUZZ_O)/corpus $(FUZZ_O)/artifacts
	$(Q)$(FUZZ_BIN) -max_total_time=$(FUZZ_SECONDS) -timeout=30 \
		-max_len=$(FUZZ_MAX_LEN) -print_final_stats=1 \
		-artifact_prefix=$(FUZZ_O)/artifacts/ \
		$(FUZZ_ARGS) $(FUZZ_O)/corpus tests/fuzz/corpus
endif
