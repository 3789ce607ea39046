/* SPDX-License-Identifier: MIT */
/* Compiler attributes and small helpers every file may use. */
#ifndef BAREMM_COMPILER_H
#define BAREMM_COMPILER_H

#define __noreturn	__attribute__((noreturn))
#define __unused	__attribute__((unused))
#define __used		__attribute__((used))
#define __aligned(x)	__attribute__((aligned(x)))
#define __section(s)	__attribute__((section(s)))
#define __printf(a, b)	__attribute__((format(printf, a, b)))
#define __weak		__attribute__((weak))
#define __noinline	__attribute__((noinline))
#define __cold		__attribute__((cold))
/* Not inlined, and its signature kept whole (gcc): a fast path that
 * tail-calls it keeps the same frame whichever arguments its callee
 * happens to use. */
#ifdef __clang__
#define __noipa		__noinline
#else
#define __noipa		__attribute__((noipa))
#endif

/*
 * Inline even where gcc would rather call: the IRQ and CPU-id helpers of
 * <asm/irqflags.h> are one or two instructions on the allocator's fast
 * path. Spelt as newlib's <sys/cdefs.h> spells it, so that header may
 * define it again without a warning; glibc's #undefs it first.
 */
#ifndef __always_inline
#define __always_inline __inline__ __attribute__((__always_inline__))
#endif

#define likely(x)	__builtin_expect(!!(x), 1)
#define unlikely(x)	__builtin_expect(!!(x), 0)

#define barrier()	__asm__ __volatile__("" ::: "memory")
/* Make the compiler forget what @var holds (as Linux's): it then keeps a
 * computed address in one register instead of redoing its parts. */
#define OPTIMIZER_HIDE_VAR(var)	__asm__("" : "+r"(var))
#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define container_of(ptr, type, member) \
	((type *)((char *)(ptr) - __builtin_offsetof(type, member)))

/* IS_ENABLED(CONFIG_X): 1 when CONFIG_X is defined to 1 (y), else 0. */
#define __ARG_PLACEHOLDER_1 0,
#define __take_second_arg(ignored, val, ...) val
#define ____is_defined(arg1_or_junk) __take_second_arg(arg1_or_junk 1, 0, 0)
#define ___is_defined(val) ____is_defined(__ARG_PLACEHOLDER_##val)
#define IS_ENABLED(option) ___is_defined(option)

#define caller_address() ((unsigned long)__builtin_return_address(0))

#endif
