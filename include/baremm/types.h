/* SPDX-License-Identifier: MIT */
/* Fixed-width types; the compiler's freestanding headers are all we use. */
#ifndef BAREMM_TYPES_H
#define BAREMM_TYPES_H

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>
#include <limits.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define BITS_PER_LONG (sizeof(long) * CHAR_BIT)

#endif
