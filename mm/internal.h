/* SPDX-License-Identifier: MIT */
/*
 * Every private header of the allocator, for the tests and tools that look
 * inside it (tests/mm, tests/fuzz). Nothing in mm/ includes this file: each
 * mm/ file includes the headers of the layers it uses, and docs/layers.txt
 * (checked by tools/check-layers) says which those may be.
 */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include "base.h"
#include "memblock.h"
#include "sizeclass.h"
#include "span.h"
#include "arena.h"
#include "page.h"
#include "lookup.h"
#include "central.h"
#include "cpu_cache.h"
#include "large.h"
#include "tiny.h"
#include "typed.h"
#include "debug.h"
#include "kmalloc.h"
#include "init.h"
#include "report.h"

#endif
