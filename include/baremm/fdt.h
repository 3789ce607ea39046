/* SPDX-License-Identifier: MIT */
/*
 * A small read-only flattened device tree reader (lib/fdt.c): enough to
 * check a blob, find a property by node path, and list /memory ranges.
 */
#ifndef BAREMM_FDT_H
#define BAREMM_FDT_H

#include <baremm/types.h>

#define FDT_MAGIC 0xd00dfeedu

/* fdt_check - Return: 0 for a sane version-16+ blob, else -EINVAL. */
int fdt_check(const void *fdt);
/* fdt_totalsize - bytes of the blob (valid after fdt_check). */
u32 fdt_totalsize(const void *fdt);

/*
 * fdt_getprop - property @name of the node at @path ("/", "/chosen",
 * "/memory@40000000"; a unit address may be left out: "/memory").
 * Return: the value and its length in *@len, or NULL when absent.
 */
const void *fdt_getprop(const void *fdt, const char *path, const char *name,
			u32 *len);

struct fdt_range {
	u64 base;
	u64 size;
};

/*
 * fdt_memory - the ranges of every /memory node's "reg", decoded with the
 * root's #address-cells and #size-cells.
 * Return: number of ranges found (at most @max), or -EINVAL.
 */
int fdt_memory(const void *fdt, struct fdt_range *r, int max);

/* fdt_read_cells - a number of @cells 32-bit big-endian cells (1 or 2). */
u64 fdt_read_cells(const void *cell, u32 cells);

/* Big-endian cell accessors. */
static inline u32 fdt32_to_cpu(const void *p)
{
	const u8 *b = p;

	return (u32)b[0] << 24 | (u32)b[1] << 16 | (u32)b[2] << 8 | b[3];
}

#endif
