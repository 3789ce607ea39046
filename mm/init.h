/* SPDX-License-Identifier: MIT */
/*
 * mm_init's state the entry points test (mm/init.c).
 */
#ifndef MM_INIT_H
#define MM_INIT_H

#include "base.h"

/*
 * mminit_ready - set by a successful mm_init(). Until then every entry point
 * refuses with NULL or -ENODEV, testing it on its slow path only: until
 * mm_init() the kmalloc fast path finds nothing free in cpu_cache_none,
 * whose slow path refuses (cpu_cache_refill()).
 */
extern bool mminit_ready;
/* Say once that an entry point was called too early. */
void mminit_refuse(const char *what);

/* mminit_early - true, said once, before a successful mm_init(). */
static inline bool mminit_early(const char *what)
{
	if (likely(__atomic_load_n(&mminit_ready, MM_ACQUIRE)))
		return false;
	mminit_refuse(what);
	return true;
}

/* Bytes of mm_init()'s boot block with an index of @index_bytes: what it
 * carves for the index, and for the central lists and CPU caches unless
 * every heap is tiny (CONFIG_MM_TINY_ONLY). */
size_t mminit_boot_bytes(size_t index_bytes);

/* The smallest single region mm_init() accepts on this build (one index
 * slot): what docs/porting.md lists per board. */
size_t mminit_min_region_bytes(void);

#endif
