// SPDX-License-Identifier: MIT
/*
 * Flattened device tree reader. The structure block is a token stream
 * (BEGIN_NODE name, PROP len nameoff value, END_NODE, NOP, END), every
 * token 4-byte aligned and big-endian. Each lookup walks the stream once,
 * bounded by the blob's size; nothing is cached or allocated.
 */
#include <baremm/errno.h>
#include <baremm/fdt.h>
#include <baremm/string.h>

#define FDT_BEGIN_NODE	1
#define FDT_END_NODE	2
#define FDT_PROP	3
#define FDT_NOP		4
#define FDT_END		9

#define FDT_MAX_DEPTH	16

/* Header fields, in order, as 32-bit big-endian words. */
enum { H_MAGIC, H_TOTALSIZE, H_OFF_STRUCT, H_OFF_STRINGS, H_OFF_RSVMAP,
       H_VERSION, H_LAST_COMP, H_BOOT_CPU, H_SIZE_STRINGS, H_SIZE_STRUCT };

static u32 hdr(const void *fdt, int field)
{
	return fdt32_to_cpu((const u8 *)fdt + 4 * field);
}

int fdt_check(const void *fdt)
{
	u32 size;

	if (!fdt || hdr(fdt, H_MAGIC) != FDT_MAGIC)
		return -EINVAL;
	size = hdr(fdt, H_TOTALSIZE);
	if (hdr(fdt, H_LAST_COMP) > 16 || hdr(fdt, H_VERSION) < 16 ||
	    hdr(fdt, H_OFF_STRUCT) + hdr(fdt, H_SIZE_STRUCT) > size ||
	    hdr(fdt, H_OFF_STRINGS) + hdr(fdt, H_SIZE_STRINGS) > size)
		return -EINVAL;
	return 0;
}

u32 fdt_totalsize(const void *fdt)
{
	return hdr(fdt, H_TOTALSIZE);
}

/* A walk over the structure block, one token at a time. */
struct fdt_walk {
	const u8 *base;		/* structure block */
	u32 off, end;
	const char *strings;
	u32 strings_size;
};

static void walk_init(struct fdt_walk *w, const void *fdt)
{
	w->base = (const u8 *)fdt + hdr(fdt, H_OFF_STRUCT);
	w->off = 0;
	w->end = hdr(fdt, H_SIZE_STRUCT);
	w->strings = (const char *)fdt + hdr(fdt, H_OFF_STRINGS);
	w->strings_size = hdr(fdt, H_SIZE_STRINGS);
}

/*
 * Next token; for BEGIN_NODE sets *name, for PROP sets *name, *val, *len.
 * Returns FDT_END also for a truncated or malformed stream.
 */
static u32 walk_next(struct fdt_walk *w, const char **name, const void **val,
		     u32 *len)
{
	u32 tok, l, nameoff;

	for (;;) {
		if (w->off + 4 > w->end)
			return FDT_END;
		tok = fdt32_to_cpu(w->base + w->off);
		w->off += 4;
		switch (tok) {
		case FDT_BEGIN_NODE:
			*name = (const char *)w->base + w->off;
			l = (u32)strnlen(*name, w->end - w->off) + 1;
			w->off = (w->off + l + 3) & ~3u;
			return w->off <= w->end ? tok : FDT_END;
		case FDT_PROP:
			if (w->off + 8 > w->end)
				return FDT_END;
			l = fdt32_to_cpu(w->base + w->off);
			nameoff = fdt32_to_cpu(w->base + w->off + 4);
			if (nameoff >= w->strings_size ||
			    w->off + 8 + l > w->end)
				return FDT_END;
			*name = w->strings + nameoff;
			*val = w->base + w->off + 8;
			*len = l;
			w->off = (w->off + 8 + l + 3) & ~3u;
			return tok;
		case FDT_NOP:
			continue;
		case FDT_END_NODE:
			return tok;
		default:
			return FDT_END;
		}
	}
}

/* Does node name @n ("memory@40000000") match path part @p of length @pl? */
static bool name_match(const char *n, const char *p, size_t pl)
{
	if (strncmp(n, p, pl))
		return false;
	return n[pl] == '\0' || n[pl] == '@';
}

const void *fdt_getprop(const void *fdt, const char *path, const char *name,
			u32 *len)
{
	struct fdt_walk w;
	const char *n, *comp[FDT_MAX_DEPTH];
	size_t clen[FDT_MAX_DEPTH];
	int ncomp = 0, depth = -1, matched = -1;	/* root is depth 0 */
	const void *val;
	u32 tok, l;

	if (fdt_check(fdt) || path[0] != '/')
		return NULL;
	for (const char *p = path + 1; *p && ncomp < FDT_MAX_DEPTH;) {
		const char *slash = strchr(p, '/');
		size_t pl = slash ? (size_t)(slash - p) : strlen(p);

		comp[ncomp] = p;
		clen[ncomp++] = pl;
		p += pl + (slash != NULL);
	}
	walk_init(&w, fdt);
	while ((tok = walk_next(&w, &n, &val, &l)) != FDT_END) {
		if (tok == FDT_BEGIN_NODE) {
			depth++;
			if (depth == 0)
				matched = 0;
			else if (matched == depth - 1 && depth <= ncomp &&
				 name_match(n, comp[depth - 1],
					    clen[depth - 1]))
				matched = depth;
		} else if (tok == FDT_END_NODE) {
			if (matched == depth)
				matched--;
			depth--;
		} else if (matched == ncomp && depth == ncomp &&
			   !strcmp(n, name)) {
			if (len)
				*len = l;
			return val;
		}
	}
	return NULL;
}

u64 fdt_read_cells(const void *cell, u32 cells)
{
	const u8 *p = cell;
	u64 v = 0;

	while (cells--) {
		v = v << 32 | fdt32_to_cpu(p);
		p += 4;
	}
	return v;
}

int fdt_memory(const void *fdt, struct fdt_range *r, int max)
{
	const u32 *ac, *sc;
	u32 acells = 2, scells = 1, tok, l;
	struct fdt_walk w;
	int depth = -1, in_memory = 0, found = 0;
	const char *n;
	const void *val;

	if (fdt_check(fdt))
		return -EINVAL;
	ac = fdt_getprop(fdt, "/", "#address-cells", NULL);
	sc = fdt_getprop(fdt, "/", "#size-cells", NULL);
	if (ac)
		acells = fdt32_to_cpu(ac);
	if (sc)
		scells = fdt32_to_cpu(sc);
	if (acells < 1 || acells > 2 || scells > 2)
		return -EINVAL;
	walk_init(&w, fdt);
	while ((tok = walk_next(&w, &n, &val, &l)) != FDT_END) {
		if (tok == FDT_BEGIN_NODE) {
			depth++;
			in_memory = depth == 1 && name_match(n, "memory", 6);
		} else if (tok == FDT_END_NODE) {
			depth--;
			in_memory = 0;
		} else if (in_memory && !strcmp(n, "reg")) {
			u32 step = 4 * (acells + scells);

			for (u32 o = 0; o + step <= l && found < max; o += step) {
				r[found].base = fdt_read_cells((const u8 *)val + o,
							   acells);
				r[found].size = fdt_read_cells(
					(const u8 *)val + o + 4 * acells,
					scells);
				found++;
			}
		}
	}
	return found;
}
