/* SPDX-License-Identifier: MIT */
/*
 * Private declarations of the allocator: geometry, the structures of each
 * layer and the functions layers call on each other. docs/design.md walks
 * through them; mm/kmalloc.c opens with the short version.
 */
#ifndef MM_INTERNAL_H
#define MM_INTERNAL_H

#include <asm/memory.h>
#include <baremm/arch.h>
#include <baremm/bitops.h>
#include <baremm/compiler.h>
#include <baremm/errno.h>
#include <baremm/panic.h>
#include <baremm/printk.h>
#include <baremm/spinlock.h>
#include <baremm/string.h>
#include <baremm/types.h>
#include <mm/mm.h>

/*
 * printk and panic of mm/report.c: in libmm.a every printk() and panic()
 * (BUG_ON) is one of these (the Makefile renames them), so the allocator
 * speaks through the port's hooks of <mm/port.h>, and needs neither the
 * kernel's printk and panic nor a board_exit().
 */
int report_printk(const char *fmt, ...) __printf(1, 2);
void __noreturn __cold report_panic(const char *fmt, ...) __printf(1, 2);
/* vsnprintf() for CONFIG_MM_TERSE_REPORTS: numbers in hex (report.c). */
int report_terse_format(char *buf, size_t size, const char *fmt, va_list ap);

/* ---- geometry: everything derives from three per-board numbers -------- */

#define PAGE_SHIFT	CONFIG_PAGE_SHIFT	/* 12; 10 on mps2-an385 */
#define PAGE_SIZE	(1UL << PAGE_SHIFT)
#define ARENA_SHIFT	CONFIG_ARENA_SHIFT	/* 22 on 32-bit, 26 on 64-bit */
#define ARENA_SIZE	(1UL << ARENA_SHIFT)
/* Pages per arena: 1024 (4 MiB / 4 KiB), 4096 on mps2, 16384 on 64-bit. */
#define ARENA_PAGES	(1UL << (ARENA_SHIFT - PAGE_SHIFT))

/*
 * The arena index covers keys of ARCH_HEAP_ADDR_BITS bits (32 on ARM and
 * RISC-V, 31 on MIPS32, 48 on 64-bit), one entry per arena:
 *   ARENA_KEY_BITS = ARCH_HEAP_ADDR_BITS - ARENA_SHIFT = L1 bits + L2 bits
 * 32-bit: 10 (9 on MIPS) = 0 + 10: one flat array of 1024 (512) pointers.
 * 64-bit: 22 = 10 + 12: 1024 L1 slots, each a 4096-entry L2 block (256 GiB)
 * made on demand. Go's mheap.arenas has the same shape.
 */
#define ARENA_KEY_BITS	(ARCH_HEAP_ADDR_BITS - ARENA_SHIFT)
#define ARENA_L1_BITS	(ARENA_KEY_BITS > 12 ? ARENA_KEY_BITS - 12 : 0)
#define ARENA_L2_BITS	(ARENA_KEY_BITS - ARENA_L1_BITS)
#define ARENA_L1_SIZE	(1UL << ARENA_L1_BITS)
#define ARENA_L2_SIZE	(1UL << ARENA_L2_BITS)

/* Smallest alignment of any object: two words, as malloc promises. */
#define MM_MIN_ALIGN	(2 * sizeof(void *))
/* kmalloc_aligned() accepts alignments up to this. */
#define MM_MAX_ALIGN	(1UL << 20)

_Static_assert(ARENA_SHIFT > PAGE_SHIFT, "an arena holds whole pages");
_Static_assert(ARENA_SHIFT < ARCH_HEAP_ADDR_BITS, "arena within address space");
_Static_assert(ARENA_L2_BITS <= 12, "L2 blocks stay at most 4096 entries");

/* Page frame numbers are addresses >> PAGE_SHIFT; 4 GiB still fits. */
typedef uintptr_t pfn_t;

static inline uintptr_t pfn_to_addr(pfn_t pfn)
{
	return pfn << PAGE_SHIFT;
}

static inline pfn_t addr_to_pfn(uintptr_t addr)
{
	return addr >> PAGE_SHIFT;
}

/* ---- debug levels (CONFIG_MM_DEBUG_LEVEL) ----------------------------- */

/* MM_BUG_ON: an internal assertion at level >= 1, type-checked when off. */
#define MM_BUG_ON(cond)                                                       \
	do {                                                                  \
		if (CONFIG_MM_DEBUG_LEVEL >= 1)                               \
			BUG_ON(cond);                                         \
		else                                                          \
			(void)sizeof(!(cond));                                \
	} while (0)

/* ---- memblock: RAM and reservations before mm_init -------------------- */

#define MEMBLOCK_MAX_REGIONS	8
/* mm_reserve() ranges; metadata ranges (memblock_alloc(), and arena
 * metadata placed in RAM no arena holds yet) have slots of their own, so
 * a board's eight reservations still leave room for the boot block. */
#define MEMBLOCK_MAX_RESERVED	8
#define MEMBLOCK_META_RANGES	2

struct memblock_range {
	pfn_t start, end;	/* [start, end) in pages; start < end */
};

/* Sorted, non-overlapping ranges; @meta marks reserved ranges that hold
 * metadata carved by memblock_alloc() (counted as metadata, not holes). */
struct memblock {
	struct memblock_range region[MEMBLOCK_MAX_REGIONS];
	struct memblock_range reserved[MEMBLOCK_MAX_RESERVED +
				       MEMBLOCK_META_RANGES];
	u16 meta_mask;		/* bit i: reserved[i] is metadata */
	u8 nr_regions, nr_reserved;
	/* Set by mm_init(): no more changes. In the struct's tail padding
	 * rather than a variable of its own (mm/ static data budget). */
	bool closed;
};

extern struct memblock memblock;

#define for_each_region(r)                                                    \
	for (r = memblock.region; r < memblock.region + memblock.nr_regions; r++)

/* memblock_add - mm_add_region()'s checks and insert, on table @mb. */
int memblock_add(struct memblock *mb, uintptr_t base, size_t size);
/* memblock_alloc - carve pages for boot metadata; NULL when none fit. */
void *memblock_alloc(size_t npages);
/* memblock_reserve_meta - mark [start, start + n) as metadata; -ENOSPC
 * when the table has no slot left. */
int memblock_reserve_meta(pfn_t start, size_t n);
/* Pages of @r that are neither reserved nor carved. */
size_t memblock_usable_pages(pfn_t start, pfn_t end);
/* Usable pages of every region together: the heap's total. */
size_t memblock_total_pages(void);
bool memblock_frozen(void);
void memblock_freeze(void);

/* ---- spans ------------------------------------------------------------ */

/*
 * Span states. A span is a run of pages with one owner:
 *   FREE   -> in the free-run tree (page_alloc.c)
 *   SMALL  -> cut into objects of one size class (span.c, central.c)
 *   LARGE  -> one object of whole pages (large.c, alloc_pages_exact)
 *   CACHED -> a freed LARGE run kept whole for the next one (large.c)
 * FREE -> SMALL/LARGE on allocation, back to FREE on release, LARGE <->
 * CACHED, always under the heap lock; a span struct that is not in use
 * sits on the span pool's free list in state UNUSED.
 */
enum span_state { SPAN_UNUSED, SPAN_FREE, SPAN_SMALL, SPAN_LARGE, SPAN_CACHED };

#define SPAN_BITMAP_WORDS (((PAGE_SIZE / MM_MIN_ALIGN) + BITS_PER_LONG - 1) / \
			   BITS_PER_LONG)

/* Central list a span unowned by any CPU sits on (struct central). */
enum span_list { SPAN_LIST_NONE, SPAN_LIST_PARTIAL, SPAN_LIST_FULL,
		 SPAN_LIST_EMPTY };

struct span {
	pfn_t start;			/* first page */
	size_t npages;			/* pages, > 0 */
	u8 state;			/* enum span_state */
	u8 sizeclass;			/* SMALL: class; else 0 */
	union {
		u8 list;		/* SMALL, unowned: enum span_list */
		/* LARGE, CACHED: the heap bitmap marks all the span's pages
		 * as one untyped object (P on every word, S on the first),
		 * so the next untyped object in them writes nothing. */
		bool bits_untyped;
	};
	/* SMALL with no tags[] and no red zones: kfree's fast path may
	 * free here, one byte tested instead of three conditions. Set by
	 * span_init_small(), cleared when tags[] is attached and when the
	 * struct is freed. */
	u8 free_fast;
	u16 nelems;			/* SMALL: objects in the span */
	/* SMALL: an unowned span is on the full list while nalloc is above
	 * this, nelems - max(1, nelems / 8): it comes back to the partial
	 * list with an eighth of it free, not for every single free. */
	u16 relist_at;
	/*
	 * SMALL: objects allocated plus objects the owner CPU has reserved
	 * in its cache (struct cpu_class.avail), so popcount(alloc_bits) <=
	 * nalloc <= nelems, with == on the left when no CPU owns the span.
	 * Atomic: the owner reserves while others free.
	 */
	unsigned int nalloc;
	/* SMALL: object index of an offset, and a test that the offset
	 * starts an object, in one multiply (span_obj_index()). */
	u8 div_shift;
	u32 div_inv;
	struct span *next, *prev;	/* central list or pool free list */
	/*
	 * A struct is reset (span_struct_reset()) whenever it changes hands,
	 * so what only one state uses can share room: a free run's tree
	 * links, and an in-use span's scan marks, written by the scanner
	 * alone with every lock held, and cleared by it first.
	 */
	union {
		struct {		/* FREE: free-run tree links, max npages
					 * in the subtree; the heap priority is
					 * tree_prio(), a hash of the struct */
			struct span *tl, *tr, *tp;
			size_t tmax;
		};
		/* SMALL, LARGE, CACHED, with the heap bitmap: the scanner's
		 * marks, one per object. */
		unsigned long mark_bits[IS_ENABLED(CONFIG_MM_HEAP_BITMAP)
					? SPAN_BITMAP_WORDS : 0];
	};
	/* SMALL: bit i set = object i allocated (atomic word operations);
	 * bits past nelems are set and stay set. */
	unsigned long alloc_bits[SPAN_BITMAP_WORDS];
	/* LARGE: OBJ_RAW for alloc_pages_exact pages; with the heap bitmap,
	 * also the object's tag (mm/typed.c). */
	uintptr_t large_tag;
#ifdef CONFIG_MM_HEAP_BITMAP
	/* SMALL: where the span's first word sits in its arena's bitmap
	 * chunk, set when the span is made; NULL when the span crosses into
	 * another arena's chunk (general path). */
	struct heap_arena *hb_arena;
	size_t hb_w;
	/*
	 * Per-object tags (mm/typed.c): the object's struct mm_type pointer,
	 * | OBJ_COLLECTED. SMALL spans get @tags, of SPAN_BITMAP_WORDS *
	 * BITS_PER_LONG entries, the first time a typed, collected or
	 * __GFP_NOSCAN object lands in them; it stays with the struct when
	 * the struct is reused.
	 */
	uintptr_t *tags;
#endif
	/*
	 * SMALL: 0 in central lists, else 1 + the CPU whose cache owns it.
	 * Changes only under the class's central lock, atomically: a free
	 * reads it without a lock after its count went down, when the
	 * struct may already be reused. So it is 0 whenever the struct is
	 * not a SMALL span, and the reset of a reused struct (memset up to
	 * here) leaves it alone. Last for that reason.
	 */
	unsigned int owner;
};

/* span_struct_reset() clears a struct up to here: its tag array and its
 * owner outlive a reuse. */
#ifdef CONFIG_MM_HEAP_BITMAP
#define SPAN_RESET_BYTES offsetof(struct span, tags)
#else
#define SPAN_RESET_BYTES offsetof(struct span, owner)
#endif

/* A span's tag array, NULL when it has none or the heap bitmap is off. */
static inline uintptr_t *span_tag_array(const struct span *s)
{
#ifdef CONFIG_MM_HEAP_BITMAP
	return __atomic_load_n(&s->tags, __ATOMIC_ACQUIRE);
#else
	(void)s;
	return NULL;
#endif
}

/*
 * Tag bits, below the struct mm_type pointer (word-aligned, so its two low
 * bits are free): tag & ~OBJ_TAG_FLAGS is the type. Bit 1 means one thing
 * in a small span's tags[] and another in large_tag. A small object's tag
 * is nonzero exactly when its heap bits may differ from its slot layout
 * (typed, collected or __GFP_NOSCAN); that is what obj_bits_forget() reads
 * to know whether a free must write bits at all, and why __GFP_NOSCAN
 * objects make a span's tags[] too.
 */
#define OBJ_COLLECTED	1UL	/* tag bit: object belongs to mm_gc() */
#define OBJ_OWN_BITS	2UL	/* small tag: bits differ from the slot layout */
#define OBJ_RAW		2UL	/* large_tag: alloc_pages_exact pages */
#define OBJ_TAG_FLAGS	3UL

static inline uintptr_t span_base(const struct span *s)
{
	return pfn_to_addr(s->start);
}

/* ---- arenas ----------------------------------------------------------- */

/* Page states, one byte per backed page of an arena. */
enum page_state { PG_HOLE, PG_FREE, PG_SPAN, PG_META };

/*
 * Metadata of one arena, made from metadata pages when the heap first
 * grows into it (the heap's lowest free pages, or the arena's own first
 * ones when there are none) and never freed. Only the backed part of
 * the arena, pages [first, first + npages), has entries: an arena that is
 * only partly RAM pays for that part.
 */
struct heap_arena {
	uintptr_t base;		/* address of the arena's page 0 */
	unsigned int first;	/* first backed page index in the arena */
	pfn_t pfn0;		/* its pfn: base's pfn + first */
	unsigned int npages;	/* backed pages: length of spans[], state[] */
	unsigned int meta_pages; /* pages this metadata block occupies */
	unsigned int key;	/* arena number in the index */
	/* spans[i]: the span owning page first+i when state[i] is PG_SPAN;
	 * for PG_FREE only the first and last page of a run are meaningful. */
	struct span **spans;
	u8 *state;		/* enum page_state per backed page */
	/* The arena's chunk of the heap bitmap (mm/bitmap.h), for the backed
	 * pages only. NULL until an object here first needs bits that its
	 * span does not imply, and always without CONFIG_MM_HEAP_BITMAP:
	 * readers then derive the bits from the spans. Set once, under the
	 * heap lock, with a release store after its bits are written;
	 * never freed. */
	unsigned long *bitmap;
	/* Pages [0, hb_clean) have been handed out at least once or had
	 * their metadata cleared: their heap bitmap reads 0/0 unless in use,
	 * and their spans[] entry is NULL or a span struct (stale or not).
	 * Above it both hold what the metadata pages held before (spans[]
	 * is zeroed with more than one CPU), but for free runs' ends: the
	 * arena is not zeroed when it grows (a bounded call), arena_pfn_set()
	 * clears a page the first time it joins a span. Written under the
	 * heap lock; kfree reads it without one on a one-CPU board. */
	unsigned int hb_clean;
};

/* arena_index_plan - size the index for the RAM memblock holds (its
 * lowest to its highest arena) and return its bytes; arena_index_init()
 * then allocates it. Before mm_init's boot block is carved. */
size_t arena_index_plan(void);
/* Bytes of the index arena_index_plan() sized. */
size_t arena_index_bytes(void);
int arena_index_init(void);
/* arena_grow_locked - create the next arena; false when RAM is used up. */
bool arena_grow_locked(void);
size_t arena_meta_bytes(size_t npages);
/* The first arena's: with an L2 block of the index on 64-bit. */
size_t arena_first_meta_bytes(size_t npages);
/* Untouched RAM pages still free beyond the grown arenas. */
size_t arena_ungrown_largest(void);
void arena_for_each_ungrown(void (*fn)(pfn_t s, pfn_t e, void *arg),
			    void *arg);
/* Iterate every arena with metadata, in address order. */
struct heap_arena *arena_next(struct heap_arena *prev);

/* Pages [start, start + n) to @state; with PG_SPAN each also to span @s,
 * else spans[] is left as it was (it means nothing there). O(n). */
void arena_pfn_set(pfn_t start, size_t n, u8 state, struct span *s);
/* Set the span pointer of the first and last page of a run only. */
void arena_pfn_set_ends(pfn_t start, size_t n, u8 state, struct span *s);

/* ---- the heap: free runs and page allocation (page_alloc.c) ----------- */

struct mheap {
	spinlock_t lock;	/* guards everything below and all arenas */
	struct span *free_root;	/* free-run tree: address order, max-heap */
	/* The flat index's extent (mm/lookup.h): slot i is arena number
	 * index_base + i, for i < index_slots. Set once by mm_init, in
	 * arena_index_plan() (arena.c), before the index exists (0 slots
	 * before: nothing is heap). Kept in what would be padding on
	 * 64-bit, which does not use them. */
	u32 index_base;
	/*
	 * Page counters, down to @arenas but for @grow_pfn. Only
	 * page_alloc.c writes them (the other layers call its
	 * page_init_locked(), page_add_grown_locked(), page_add_arena_locked()
	 * and page_reset_min_avail_locked()), so it alone keeps, lock held,
	 *   total = free + ungrown + span + meta
	 * (mm_validate checks it); free counts tree runs only.
	 */
	size_t total_pages, free_pages, span_pages, meta_pages;
	size_t ungrown_pages;	/* usable pages in no arena yet */
	/* arena.c's growth cursor: every region page below is in an arena */
	pfn_t grow_pfn;
	size_t min_avail_pages;	/* lowest free + ungrown since mm_init */
	size_t arena_meta_pages; /* of meta_pages: arena metadata blocks */
	size_t boot_meta_pages;	/* of meta_pages: carved by mm_init */
	unsigned int arenas;	/* arenas with metadata */
	u32 index_slots;	/* see index_base */
	struct span *pool;	/* free span structs */
	/*
	 * Span structs made from persistent metadata (arenas bring two
	 * spares each besides). Never given back: a lock-free free may read
	 * a struct after its span is gone (kfree_fast()). New ones are made
	 * only when the pool has fewer than two, and every struct in use
	 * covers pages of its own (a span or a free run), so
	 *   span_structs <= total_pages + 2
	 * whatever the heap went through (mm_validate checks it).
	 */
	size_t span_structs;
	/* Freed large runs kept whole, newest first (large.c): CACHED spans
	 * linked by ->next, at most LARGE_CACHE_KEEP. */
	struct span *large_cache;
	unsigned int large_cached;
	char *persist, *persist_end; /* bump area for small metadata */
	struct page_reclaimer *reclaimers; /* registered at mm_init */
};

/* The smallest single region mm_init() accepts on this build (one index
 * slot): what docs/porting.md lists per board. */
size_t mminit_min_region_bytes(void);

extern struct mheap mheap;

/*
 * A reclaimer: a layer above the page allocator that keeps pages for
 * reuse (a class's empty spans, kept large runs) and gives them back on
 * demand. It registers once, at mm_init, so the page allocator and the
 * layers beside it reach it without calling up into it.
 *   reclaim         give back everything kept; called with no lock held
 *                   (it takes its own locks, then mheap.lock). Returns the
 *                   pages given back.
 *   reclaim_locked  with mheap.lock held, give back some of it (0: none
 *                   left), or NULL when the layer's own locks come first
 *                   in the lock order (the central lists): the page
 *                   allocator calls it, and looks for a fit again, before
 *                   it grows the heap into a new arena.
 */
struct page_reclaimer {
	size_t (*reclaim)(void);
	size_t (*reclaim_locked)(void);
	struct page_reclaimer *next;
};

void page_reclaimer_register(struct page_reclaimer *r);
/* page_reclaim - every reclaimer's reclaim(), with no lock held: what
 * mm_drain() and a request that found no pages do. Pages given back. */
size_t page_reclaim(void);

/* page_alloc_locked - span of @npages at a multiple of @align pages, taken
 * from the lowest-address run that fits; grows the heap when needed.
 * Return: the span in @state, or NULL. O(log runs) plus growth. */
struct span *page_alloc_locked(size_t npages, size_t align, u8 state);
void page_free_locked(struct span *s);
/* page_trim_locked - give the pages of span @s past its first @npages back
 * (0 < @npages < s->npages); false, with nothing changed, when no span
 * struct can be had for them. O(pages given) + O(log runs). */
bool page_trim_locked(struct span *s, size_t npages);
/* The counters at mm_init: @total usable pages, of which the @boot_pages
 * boot metadata pages at @boot, the persistent allocator's first block;
 * the rest in no arena yet. */
void page_init_locked(void *boot, size_t boot_pages, size_t total);
/* page_add_grown_locked - a grown arena's free pages [start, start + n),
 * in state PG_FREE, leave the ungrown count and become a free run. */
void page_add_grown_locked(pfn_t start, size_t n);
/* page_add_arena_locked - a new arena's metadata block of @meta_pages: it
 * leaves the ungrown count when @ungrown (its own pages, or borrowed from
 * an arena not grown yet); page_carve_meta_locked() counted it otherwise. */
void page_add_arena_locked(size_t meta_pages, bool ungrown);
/* Restart the low-water mark of free + ungrown pages from now. */
void page_reset_min_avail_locked(void);
/* Metadata: zeroed bytes that live forever, under the heap lock. */
void *page_persist_alloc_locked(size_t size);
/* The old name, for mm/typed.c only until its change in flight lands;
 * then typed.c calls page_persist_alloc_locked() and this goes. */
static inline void *persist_alloc_locked(size_t size)
{
	return page_persist_alloc_locked(size);
}
/*
 * persist_once - the object *@slot points to, made of @size bytes of
 * persistent metadata by the first call, which runs @init on it under the
 * heap lock and publishes it (release). Lock-free once made; NULL while no
 * metadata is left. For tables a heap may never need (caches, roots).
 */
void *persist_once(void **slot, size_t size, void (*init)(void *obj));

/* Pages page_persist_alloc_locked() takes at a time on a heap of @total
 * pages: 4 KiB, or a 64th of a heap under 256 KiB (at least a page). */
size_t persist_chunk_pages(size_t total);
/* Bytes page_persist_alloc_locked() takes for a request of @size. */
static inline size_t persist_size(size_t size)
{
	return ALIGN(size, sizeof(void *) * 2);
}
/* Self-test fault injection: metadata requests fail while it is set. */
extern bool page_meta_fail;
/*
 * page_carve_meta_locked - whole metadata pages. @persist: zeroed, for the
 * persistent allocator (span structs, caches, tag arrays), which never
 * gives them back: from the end of the highest free run, growing the heap
 * if none fits, so metadata made while the heap fills collects at its top
 * instead of cutting the runs that lowest-first allocation uses (memblock
 * allocates top-down for the same reason). Else, an arena's own block,
 * not zeroed (arena_grow_locked() writes what it reads): from the start of
 * the lowest free run, without growing.
 */
void *page_carve_meta_locked(size_t npages, bool persist);
struct span *span_struct_alloc_locked(void);
void span_struct_free_locked(struct span *s);
size_t page_avail(void);
void page_tree_check(int *err);
size_t page_tree_largest(void);
void page_tree_dump(unsigned int max);
/* Free runs in address order until @fn returns false; heap lock held. */
void page_tree_walk(bool (*fn)(const struct span *s, void *arg), void *arg);

/* ---- size classes, central lists and CPU caches ----------------------- */

/*
 * The generated tables (mm/sizeclass.c includes the one for this page size
 * and alignment); the lookups on them are inline, they sit on the fast
 * path. Sizes up to SC_LUT8_MAX go through an 8-byte-step table, larger
 * small ones through a 128-byte-step table; the largest class is 8 pages.
 */
#define SC_LUT8_MAX	1024
#define SC_LUT8_STEP	8
#define SC_LUT128_STEP	128
#define SC_MAX_SMALL_SIZE (8 * PAGE_SIZE)

extern unsigned int sizeclass_count;
extern const u32 sizeclass_sizes[];
extern const u8 sizeclass_lut8[], sizeclass_lut128[];
extern const u32 sizeclass_magic[];

/* sizeclass_of - smallest class holding @size bytes; 0 when too big. */
static inline unsigned int sizeclass_of(size_t size)
{
	if (size <= SC_LUT8_MAX)
		return sizeclass_lut8[(size + SC_LUT8_STEP - 1) / SC_LUT8_STEP];
	if (size <= SC_MAX_SMALL_SIZE)
		return sizeclass_lut128[(size - SC_LUT8_MAX + SC_LUT128_STEP -
					 1) / SC_LUT128_STEP];
	return 0;
}

static inline size_t sizeclass_size(unsigned int c)
{
	return sizeclass_sizes[c];
}

/* Object index of byte offset @off in a span of class @c: a multiply by
 * the class's magic, exact for every offset (tools/mksizeclasses checks). */
static inline unsigned int sizeclass_obj_index(unsigned int c, size_t off)
{
	return (unsigned int)(((u64)off * sizeclass_magic[c]) >> 32);
}

/* sizeclass_init - pick the span sizes for a heap of @total_pages: the
 * generated ones, or on a small heap the fewest pages per class. */
void sizeclass_init(size_t total_pages);
bool sizeclass_small_spans(void);
unsigned int sizeclass_npages(unsigned int c);
unsigned int sizeclass_nobjs(unsigned int c);
/* The fewest pages a span of class @c may have: at most 1/8 tail. */
unsigned int sizeclass_npages_fewest(unsigned int c);
size_t sizeclass_span_align(unsigned int c);

/*
 * Atomics of the span layer. With several CPUs they are real atomics; with
 * one, their callers mask interrupts (span_atomic_begin()), so a plain
 * read-modify-write cannot be torn and the ldrex/strex loops go.
 */
#define MM_SMP (CONFIG_NR_CPUS > 1)
/* Loads paired with a publishing release store. With one CPU program
 * order is enough: no barrier (a dmb on ARM) on the lock-free paths. */
#define MM_ACQUIRE (MM_SMP ? __ATOMIC_ACQUIRE : __ATOMIC_RELAXED)

static inline unsigned long span_atomic_begin(void)
{
	return MM_SMP ? 0 : local_irq_save();
}

static inline void span_atomic_end(unsigned long flags)
{
	if (!MM_SMP)
		local_irq_restore(flags);
}

static inline void span_bits_set(unsigned long *w, unsigned long m)
{
	if (MM_SMP)
		__atomic_fetch_or(w, m, __ATOMIC_RELAXED);
	else
		*w |= m;
}

/* Release: a freeing CPU's writes to an object come before the bit that
 * lets the owner hand it out again (read with acquire on refill). */
static inline unsigned long span_bits_clear(unsigned long *w, unsigned long m)
{
	unsigned long old;

	if (MM_SMP)
		return __atomic_fetch_and(w, ~m, __ATOMIC_RELEASE);
	old = *w;
	*w = old & ~m;
	return old;
}

/*
 * nalloc += @d, returning the new count. Sequentially consistent with the
 * owner field: a free that then reads the span as owned is sure that the
 * owner's release, which clears the owner and then reads nalloc, sees its
 * decrement (central_release_locked()).
 */
static inline unsigned int span_nalloc_add(struct span *s, int d)
{
	if (MM_SMP)
		return __atomic_add_fetch(&s->nalloc, (unsigned int)d,
					  __ATOMIC_SEQ_CST);
	return s->nalloc += (unsigned int)d;
}

struct central {
	spinlock_t lock;
	/* Spans no CPU owns, by nalloc: full (above span.relist_at), partial
	 * (1 .. relist_at) and empty (0). Empty spans wait for the next CPU that
	 * needs one instead of going back to the page allocator at once;
	 * more than CENTRAL_KEEP_EMPTY of them, mm_drain() or a failing page
	 * allocation send them back. */
	struct span *partial, *full, *empty;
	unsigned int nempty;
	unsigned long nspans;	/* spans of this class, everywhere */
};

/* Empty spans a class keeps for its next swing up, as SLUB keeps 5 to 10
 * empty slabs per cache (min_partial); mm_drain() and a failing page
 * allocation give them back. */
#define CENTRAL_KEEP_EMPTY	8
/* Pages of the empty spans kept, all classes (counted in span pages). */
extern size_t central_empty_pages;

/* Bytes of boot metadata central_init() allocates. */
size_t central_bytes(void);
int central_init(void);
struct central *central_of(unsigned int c);
/* The head of list @list (enum span_list, not NONE) of @ct. */
struct span **central_list(struct central *ct, unsigned int list);
/* A span with free objects for CPU @cpu's cache; NULL when out of memory. */
struct span *central_take_locked(struct central *ct, unsigned int c,
				 unsigned int cpu);
/* A CPU gives its span back (its reservations already returned). */
void central_release_locked(struct central *ct, struct span *s);
/* A free left span @s empty or no longer full: if no CPU owns it, move
 * it to the list that now fits. Takes the heap lock, then the class lock.
 * The struct may have been reused since the free: it reads only
 * @s->owner without the heap lock. */
void central_span_moved(struct span *s);
/* Out of pages on one CPU: trim every unowned span's free tail
 * (span_trim_tail()); the pages given back. 0 with several CPUs. */
size_t central_trim_tails(void);

/*
 * A CPU's allocation state for one class: the span it owns and a cache of
 * the free objects of one word of the span's bitmap (Go's allocCache).
 * Only its CPU changes it, with interrupts masked.
 */
struct cpu_class {
	/* Objects of bitmap word @w of @s that were free when the word was
	 * read and are not handed out since; reserved in s->nalloc. */
	unsigned long avail;
	uintptr_t base;		/* address of object @w * BITS_PER_LONG */
	unsigned long *word;	/* &s->alloc_bits[@w] */
	size_t size;		/* object size of the class */
	/* s->owner == cpu + 1; NULL: none yet. Written under the class's
	 * central lock, as s->owner is: other CPUs read it under that lock
	 * (mm_validate()), its own CPU reads it without. */
	struct span *s;
	unsigned int w;
	/* 64 B on 64-bit, a cache line, so the row index is a shift; 24 B
	 * on 32-bit, where a row of them is boot metadata of a small MCU. */
} __aligned(sizeof(long) == 8 ? 8 * sizeof(long) : sizeof(long));

/* CONFIG_NR_CPUS rows of MM_STATS_CLASSES, the last one cut to the
 * classes that exist, from metadata (cpu_cache.c). */
extern struct cpu_class *cpu_classes;

static inline struct cpu_class *cpu_class_of(unsigned int cpu, unsigned int c)
{
	return &cpu_classes[cpu * MM_STATS_CLASSES + c];
}

/* Bytes of boot metadata cpu_cache_init() allocates. */
size_t cpu_cache_bytes(void);
int cpu_cache_init(void);
/* Slow path of cpu_cache_alloc(): a new word or span, or, for
 * _borrow() (@borrow: a kmalloc's size), an object of a larger class when
 * @c can have no span; NULL when out of memory. Entered with interrupts
 * masked, which it restores to @flags. Two functions of four arguments,
 * not one of five: the fast path then tail-calls them on 32-bit ARM too,
 * with no stack frame of its own. */
void *cpu_cache_refill(struct cpu_class *cc, unsigned int c,
		       struct span **sp, unsigned long flags);
void *cpu_cache_refill_borrow(struct cpu_class *cc, unsigned int c,
			      unsigned long flags, size_t borrow);
/* cpu_cache_alloc() before mm_init(): NULL, interrupts back to @flags. */
void *cpu_cache_early(unsigned long flags);
/* Give every span of the calling CPU's cache back to the central lists. */
void cpu_cache_drain(void);
/* Out of memory: cpu_cache_drain(), then page_reclaim(), then free span
 * tails (central_trim_tails()). Return: pages given back. */
size_t cpu_cache_give_back(void);
struct span *cpu_cache_span(unsigned int cpu, unsigned int c);

/* Hand out the lowest object of @cc's cached word; @cc->avail != 0. */
static inline void *cpu_class_pop(struct cpu_class *cc)
{
	unsigned long b = __ffs(cc->avail);

	cc->avail &= cc->avail - 1;
	span_bits_set(cc->word, 1UL << b);
	return (void *)(cc->base + b * cc->size);
}

/*
 * cpu_cache_alloc - an object of class @c, and its span in *@sp unless
 * @sp is NULL. The fast path takes a bit from this CPU's cached word: no
 * lock, one bit set. @borrow: the size of a plain kmalloc, which may get
 * an object of a larger class when memory is out (ksize() says so); 0 for
 * kmem_cache and aligned requests, whose objects are all of their class.
 * Return: the object, or NULL when memory is out.
 */
static __always_inline void *cpu_cache_alloc(unsigned int c, struct span **sp,
					     size_t borrow)
{
	unsigned long flags = local_irq_save();
	struct cpu_class *cc;
	void *p;

	/* A test of the pointer cpu_class_of() loads anyway. */
	if (unlikely(!cpu_classes))			/* before mm_init */
		return cpu_cache_early(flags);
	cc = cpu_class_of(arch_local_cpu_id(), c);
	if (unlikely(!cc->avail)) {			/* slow path */
		/* Callers that want the span never borrow (kmalloc_caller(),
		 * kmem_cache); kmalloc's fast path wants no span. */
		if (sp)
			return cpu_cache_refill(cc, c, sp, flags);
		return cpu_cache_refill_borrow(cc, c, flags, borrow);
	}
	p = cpu_class_pop(cc);				/* fast path */
	if (sp)
		*sp = cc->s;
	local_irq_restore(flags);
	return p;
}

/* Small span bookkeeping (span.c): a new span of class @c, and the part
 * of it that is the class's geometry (object count, index divisor). */
void span_init_small(struct span *s, unsigned int c);
void span_set_class(struct span *s, unsigned int c);
/* Objects allocated in @s: its bitmap's count, without reservations. */
unsigned int span_count_allocated(const struct span *s);
/*
 * span_reserve_word - for the owner: the free objects of the first word of
 * @s's bitmap at or after word @from (wrapping once) that has any, added
 * to nalloc; its index in *@w. Return: the bits, 0 when @s is full.
 * O(bitmap words): at most PAGE_SIZE / MM_MIN_ALIGN / BITS_PER_LONG.
 */
unsigned long span_reserve_word(struct span *s, unsigned int from,
				unsigned int *w);
/*
 * span_trim_tail - give the pages at the end of unowned small span @s that
 * hold no allocated object back to the page allocator; the span keeps the
 * objects that fit in the rest. Not for a span with a tag array (its own
 * bits would be lost). Class lock held; takes the heap lock. The caller
 * relists @s. Only where no free can run meanwhile: a lock-free kfree
 * reads nelems (central_trim_tails()). Return: pages given back.
 */
size_t span_trim_tail(struct span *s);

static inline void *span_obj_addr(const struct span *s, unsigned int idx)
{
	return (void *)(span_base(s) + idx * sizeclass_size(s->sizeclass));
}

#define SPAN_WORDS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

/*
 * span_obj_index - index of the object that starts at @p in small span @s,
 * or a number >= s->nelems when none does (inside an object, in the tail).
 * With size = odd << shift, (off * odd^-1 mod 2^32) rotated right by shift
 * is off / size when size divides off, and above (2^32 - 1) / size when
 * it does not (Hacker's Delight 10-17): one multiply gives both answers.
 */
static inline u32 span_obj_index(const struct span *s, uintptr_t p)
{
	u32 x = (u32)(p - span_base(s)) * s->div_inv;

	return x >> s->div_shift | x << ((32 - s->div_shift) & 31);
}

/*
 * span_free_obj - free object @idx of small span @s, any CPU. Of two frees
 * of one object exactly one sees its bit set.
 * Return: nalloc after the free, or -EINVAL when it was already free.
 */
static inline int span_free_obj(struct span *s, unsigned int idx)
{
	unsigned long bit = 1UL << (idx % BITS_PER_LONG), old, flags;
	int n = -EINVAL;

	flags = span_atomic_begin();
	old = span_bits_clear(&s->alloc_bits[idx / BITS_PER_LONG], bit);
	if (old & bit)
		n = (int)span_nalloc_add(s, -1);
	span_atomic_end(flags);
	return n;
}

static inline bool span_obj_allocated(const struct span *s, unsigned int idx)
{
	return __atomic_load_n(&s->alloc_bits[idx / BITS_PER_LONG],
			       __ATOMIC_ACQUIRE) >>
		       (idx % BITS_PER_LONG) & 1;
}

/* ---- heap bitmap hooks (mm/typed.c; no-ops without the bitmap) -------- */

/*
 * A small span's bitmap holds its slot layout from the moment it is made
 * until its pages go back to the page allocator: P on every word of every
 * slot, S on each slot's first word, allocated or free. That is exactly
 * the bits of an untyped object, so kmalloc and kfree of one write none.
 * Objects whose bits differ (__GFP_NOSCAN, typed, collected) write them
 * when handed out, carry a nonzero tag, and get the layout back when
 * freed. Large objects write their bits when allocated and clear them
 * when freed. Free pages read 0/0.
 */

/* heap_span_init - locate a new small span in the bitmap (s->hb_arena,
 * s->hb_w) and write its slot layout. After its class and nelems are set;
 * O(span words / BITS_PER_LONG + objects). */
void heap_span_init(struct span *s);
/* heap_span_release - clear both planes over a small span's pages, right
 * before they go back to the page allocator. No lock needed: the span is
 * empty and no one can allocate from it any more. */
void heap_span_release(struct span *s);
void heap_obj_new(struct span *s, void *p, size_t size, gfp_t flags);
void heap_obj_forget(struct span *s, const void *p, size_t size, long idx);

/*
 * A new object's bitmap bits. @s: its span when known (always for a small
 * object from the fast path), else NULL. An untyped small object has them
 * already, from its slot layout: nothing to write. A small __GFP_NOSCAN
 * object gets P = 0 and tag OBJ_OWN_BITS, or, if the span's tag array
 * cannot be made (metadata exhausted), keeps the layout: conservative, the
 * hint is lost but nothing is wrong. A large object: all P, or none.
 */
static inline void obj_bits_new(struct span *s, void *p, size_t size,
				gfp_t flags)
{
	if (!IS_ENABLED(CONFIG_MM_HEAP_BITMAP) ||
	    (s && s->state == SPAN_SMALL && !(flags & __GFP_NOSCAN)))
		return;
	heap_obj_new(s, p, size, flags);
}

/*
 * Before an object is freed, while its allocation bit is still set (@idx:
 * small index, or -1 for a large object). Small: the slot layout comes
 * back iff its tag is nonzero, and the tag is zeroed; a span without a tag
 * array has nothing to undo, so the fast path may skip the call when
 * s->tags is NULL. Large: bits cleared, large_tag zeroed.
 */
static inline void obj_bits_forget(struct span *s, const void *p, size_t size,
				   long idx)
{
	if (!IS_ENABLED(CONFIG_MM_HEAP_BITMAP) || (idx >= 0 && !span_tag_array(s)))
		return;
	heap_obj_forget(s, p, size, idx);
}

/* Typed objects and lookup (mm/typed.c, with the heap bitmap). */
int obj_make_typed(void *p, size_t objsize, size_t n,
		   const struct mm_type *t, uintptr_t tagbits);
bool obj_lookup(uintptr_t p, struct span **s, long *idx, uintptr_t *base,
		size_t *size);
uintptr_t obj_get_tag(const struct span *s, long idx);

/* Visit the first page of every in-use span, in address order; heap lock
 * held by the caller, or the caller accepts a racy walk (mm_gc). */
void stats_for_each_span(void (*fn)(struct span *s, void *arg), void *arg);

/* ---- debug levels >= 2: red zones, poison, call sites (mm/debug.c) ----- */

#define MM_DEBUG_REDZONES (CONFIG_MM_DEBUG_LEVEL >= 2)

size_t dbg_trailer_bytes(void);
void dbg_alloc(void *p, size_t objsize, size_t size, unsigned long caller,
	       bool small);
void dbg_free(struct span *s, const void *p, size_t objsize,
	      unsigned long caller);
size_t dbg_requested(const struct span *s, const void *p, size_t objsize);
/* The kmem_cache a live object came from, kept in its trailer (slab.c):
 * dbg_cache_is() is false only for a live object of another cache. */
void dbg_set_cache(const void *p, const void *cache);
bool dbg_cache_is(const void *p, const void *cache);
void dbg_span_poison(struct span *s);
void dbg_check_span(struct span *s, int *err);

/* Bytes a request grows by: a red zone of at least a word and a trailer. */
static inline size_t dbg_extra(void)
{
	return MM_DEBUG_REDZONES ? dbg_trailer_bytes() : 0;
}

static inline void dbg_on_alloc(void *p, size_t objsize, size_t size,
				unsigned long caller, bool small)
{
	if (MM_DEBUG_REDZONES)
		dbg_alloc(p, objsize, size, caller, small);
}

static inline void dbg_on_free(struct span *s, const void *p, size_t objsize,
			       unsigned long caller)
{
	if (MM_DEBUG_REDZONES)
		dbg_free(s, p, objsize, caller);
}

/* Usable bytes of an object: the class size, or what was asked when red
 * zones follow it. */
static inline size_t dbg_usable(size_t objsize, size_t size)
{
	return MM_DEBUG_REDZONES ? size : objsize;
}

static inline size_t dbg_ksize(const struct span *s, const void *p,
			       size_t objsize)
{
	return MM_DEBUG_REDZONES ? dbg_requested(s, p, objsize) : objsize;
}

/* Level 3: a full mm_validate() after every allocation and free. */
static inline void dbg_validate(void)
{
	if (CONFIG_MM_DEBUG_LEVEL >= 3)
		(void)mm_validate();
}

extern unsigned long dbg_corruptions;	/* red zone / poison reports */
void *kmalloc_caller(size_t size, size_t align, gfp_t flags,
		     unsigned long caller);

/* ---- reports ---------------------------------------------------------- */

/*
 * mminit_ready - set by a successful mm_init(). Until then every entry point
 * refuses with NULL or -ENODEV, testing it on its slow path only: the
 * kmalloc fast path tests the per-CPU cache pointer it loads anyway, NULL
 * until mm_init() (cpu_cache_alloc()).
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

/* Caller mistakes: report once, count, and leave the heap as it was. */
void kfree_report_bad(const void *p, unsigned long caller,
			const char *why);
extern unsigned long kfree_bad_count;
/* kfree with the caller's address for reports (kmalloc.c).
 * Return: 0, or -EINVAL when @p was reported and ignored. */
int kfree_caller(const void *p, unsigned long caller);
/* Whole pages for one object, aligned to @align bytes (>= PAGE_SIZE). */
/*
 * Freed large runs of up to 64 KiB are kept for reuse (large.c): the
 * buffers programs take and free by the thousand (frames, DMA and file
 * blocks). Beyond that the page allocator's work is small next to what
 * the caller does with the object.
 */
#define LARGE_CACHE_PAGES ((size_t)(64 * 1024) >> PAGE_SHIFT)
/* At most 768 KiB. More find a fit more often but spread the heap: with
 * 16 the steady state of `mixed` grew an arena (docs/benchmarks.md). */
#define LARGE_CACHE_KEEP 12

/*
 * large_alloc - a LARGE span of DIV_ROUND_UP(@size, PAGE_SIZE) pages at
 * @align (a multiple of PAGE_SIZE): a kept run of up to an eighth more
 * pages, the rest given back, else new pages. NULL when out of memory.
 * Takes mheap.lock.
 */
struct span *large_alloc(size_t size, size_t align);
/* Free the object of LARGE span @s: kept (large.c) or its pages freed. */
void large_free_locked(struct span *s);
size_t large_cache_pages_locked(void);
/* Give every kept large run back to the page allocator; pages given. */
/* large_init - register the kept runs with the page allocator. */
void large_init(void);
/* The class kmalloc_aligned() would use for @size at @align, or 0. */
unsigned int sizeclass_for_aligned(size_t size, size_t align);

#endif
