/* SPDX-License-Identifier: MIT */
/*
 * Force-included into the allocator's sources when they are built into the
 * fuzzer. lib/string.c and lib/vsprintf.c define the C library's names
 * (memcpy, snprintf, ...), which a freestanding image needs; in a process
 * that also runs libc, libFuzzer and the sanitizers' runtimes they would
 * replace libc's for everyone. Renamed, baremm's own code calls baremm's
 * own helpers, as on a board, and the rest of the process keeps libc's.
 */
#ifndef FUZZ_RENAME_H
#define FUZZ_RENAME_H

#define memset		baremm_memset
#define memcpy		baremm_memcpy
#define memmove		baremm_memmove
#define memcmp		baremm_memcmp
#define strlen		baremm_strlen
#define strnlen		baremm_strnlen
#define strcmp		baremm_strcmp
#define strncmp		baremm_strncmp
#define strchr		baremm_strchr
#define vsnprintf	baremm_vsnprintf
#define snprintf	baremm_snprintf

#endif
