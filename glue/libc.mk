# SPDX-License-Identifier: MIT
#
# Build flags of an image linked with a C library (CONFIG_LIBC_*, glue/Kconfig).
# Included by the Makefile after the configuration, arch.mk and the Kbuild
# files. With CONFIG_LIBC_NONE (every board but the *-newlib*, *-picolibc
# ones) it changes nothing.
#
# Two things change when a C library is linked:
#
# 1. The link. The image keeps its own start-up code and vector table
#    (-nostartfiles), but drops -nostdlib so gcc adds the library, through
#    the flavour's specs file: nano.specs turns -lc into -lc_nano,
#    picolibc.specs points -lc and the headers at picolibc. The specs go to
#    the compiler too, for the files that include the library's headers
#    (LIBC_OBJ_DIRS): nano's newlib.h (_REENT_SMALL), picolibc's include
#    directory and TLS model.
#
# 2. Names. baremm carries its own small libc subset: lib/string.c (memset,
#    memcpy, strlen, ...) and lib/vsprintf.c (snprintf, vsnprintf, which
#    printk and the KTAP runner format with). Linked as they are, they would
#    take those names from the C library: the application's snprintf would
#    silently become printk's formatter, and a library member that defines
#    one of them next to a symbol the image needs would collide at link time.
#    Nor can printk simply use the library's vsnprintf: Debian's newlib is
#    built without _WANT_IO_C99_FORMATS (and nano without
#    _WANT_IO_LONG_LONG), so %zu and %llu, which the whole tree prints with,
#    would come out wrong and shift the arguments after them. So in a libc
#    build every object of the tree is compiled with -Dmemset=baremm_memset
#    and so on: baremm's helpers keep working, and keep being tested
#    (tests/kernel/string_test.c and printk_test.c test them under the new
#    names), while the standard names, and the calls gcc itself emits for
#    struct copies and zeroing, belong to the C library.

LIBC_SHADOWED := memset memcpy memmove memcmp strlen strnlen strcmp strncmp \
	strchr snprintf vsnprintf

libc-specs-$(CONFIG_LIBC_NEWLIB_NANO) := --specs=nano.specs
libc-specs-$(CONFIG_LIBC_PICOLIBC) := --specs=picolibc.specs
LIBC_SPECS := $(libc-specs-y)

# The directories whose files include the C library's headers. Only they
# get the flavour's include path: picolibc's comes before gcc's own, so
# with it every <stdint.h> would bring picolibc's <sys/cdefs.h>, whose
# __section and __noinline collide with include/baremm/compiler.h's. In
# these files a baremm header comes first (compiler.h), then the library's.
LIBC_OBJ_DIRS := glue boards/libc-common tests/libc

ifneq ($(CONFIG_LIBC_NEWLIB)$(CONFIG_LIBC_NEWLIB_NANO)$(CONFIG_LIBC_PICOLIBC),)
KBUILD_CFLAGS += $(foreach f,$(LIBC_SHADOWED),-D$(f)=baremm_$(f))
$(foreach d,$(LIBC_OBJ_DIRS),$(O)/$(d)/%.o): KBUILD_CFLAGS += $(LIBC_SPECS)
IMAGE_LDFLAGS := $(filter-out -nostdlib,$(IMAGE_LDFLAGS)) $(LIBC_SPECS)
# The boards' link.ld may INCLUDE these (picolibc's TLS block).
LDSCRIPT_DEP += $(wildcard boards/libc-common/*.ld)
endif
