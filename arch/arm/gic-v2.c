// SPDX-License-Identifier: MIT
/*
 * GICv2 (ARM IHI 0048B), the interrupt controller of QEMU's virt board for
 * both 32- and 64-bit Arm; arch/arm64 builds this file too. Only the
 * interrupts private to a CPU are used, SGIs and PPIs, whose enable and
 * priority registers are banked per CPU, so each CPU that takes one calls
 * gic_cpu_init() itself. Every interrupt stays in group 0, signalled as
 * IRQ (FIQEn is clear), and the registers are reached as Device memory
 * (MMU off, or mapped so).
 */
#include <baremm/board.h>
#include <baremm/errno.h>
#include <baremm/fdt.h>
#include <baremm/gic.h>
#include <baremm/string.h>

#define GICD_CTLR	 0x000
#define GICD_ISENABLER	 0x100 /* 32 interrupts a word, set-enable */
#define GICD_ICENABLER	 0x180 /* clear-enable */
#define GICD_IPRIORITYR	 0x400 /* one byte per interrupt */
#define GICD_SGIR	 0xf00
#define GICD_CPENDSGIR	 0xf10 /* one byte per SGI, a bit per source CPU */
#define GICD_CTLR_EN	 0x3u  /* groups 0 and 1 */
#define GICD_SGIR_OTHERS (1u << 24) /* TargetListFilter: all but self */

#define GICC_CTLR    0x000
#define GICC_PMR     0x004 /* priorities below this are signalled */
#define GICC_IAR     0x00c
#define GICC_EOIR    0x010
#define GICC_CTLR_EN 0x3u

#define GIC_PRIO_ALL   0xffu /* PMR: let every priority through */
#define GIC_PRIO_LOCAL 0xa0u

/*
 * Found once in the device tree; any CPU may be first (gic_probe), and
 * each writes the same values, gicc before gicd, which says both are set.
 */
static uintptr_t gicd, gicc;

static inline u32 rd(uintptr_t base, unsigned int reg)
{
	return *(volatile u32 *)(base + reg);
}

static inline void wr(uintptr_t base, unsigned int reg, u32 val)
{
	*(volatile u32 *)(base + reg) = val;
}

static bool is_gic_v2(const char *compat, u32 len)
{
	static const char *const names[] = {
		"arm,gic-400", "arm,cortex-a15-gic", "arm,cortex-a9-gic",
		"arm,cortex-a7-gic"};

	/* A list of NUL-terminated strings; any one of them will do. */
	for (u32 o = 0; o < len; o += (u32)strlen(compat + o) + 1)
		for (unsigned int i = 0; i < ARRAY_SIZE(names); i++)
			if (!strcmp(compat + o, names[i]))
				return true;
	return false;
}

/*
 * The distributor's base, 0 when there is no GICv2. reg = <distributor
 * size cpu-interface size ...>, in the root's cells.
 */
static uintptr_t gic_probe(void)
{
	uintptr_t d = __atomic_load_n(&gicd, __ATOMIC_ACQUIRE);
	const void *ac, *sc, *compat;
	u32 acells = 2, scells = 1, len, clen;
	const u8 *reg;

	if (d || !board_dtb)
		return d;
	compat = fdt_getprop(board_dtb, "/intc", "compatible", &clen);
	reg = fdt_getprop(board_dtb, "/intc", "reg", &len);
	if (!compat || !reg || !is_gic_v2(compat, clen))
		return 0;
	ac = fdt_getprop(board_dtb, "/", "#address-cells", NULL);
	sc = fdt_getprop(board_dtb, "/", "#size-cells", NULL);
	if (ac)
		acells = fdt32_to_cpu(ac);
	if (sc)
		scells = fdt32_to_cpu(sc);
	if (acells < 1 || acells > 2 || scells > 2 ||
	    len < 8 * (acells + scells))
		return 0;
	d = (uintptr_t)fdt_read_cells(reg, acells);
	__atomic_store_n(&gicc,
			 (uintptr_t)fdt_read_cells(reg + 4 * (acells + scells),
						   acells),
			 __ATOMIC_RELAXED);
	__atomic_store_n(&gicd, d, __ATOMIC_RELEASE);
	return d;
}

int gic_cpu_init(void)
{
	if (!gic_probe())
		return -ENODEV;
	wr(gicd, GICD_CTLR, rd(gicd, GICD_CTLR) | GICD_CTLR_EN);
	wr(gicc, GICC_PMR, GIC_PRIO_ALL);
	wr(gicc, GICC_CTLR, GICC_CTLR_EN);
	return 0;
}

void gic_local_enable(unsigned int intid)
{
	unsigned int reg = GICD_IPRIORITYR + (intid & ~3u);
	unsigned int shift = (intid & 3) * 8;

	wr(gicd, reg, (rd(gicd, reg) & ~(0xffu << shift)) |
			      GIC_PRIO_LOCAL << shift);
	wr(gicd, GICD_ISENABLER, 1u << intid);
}

void gic_local_disable(unsigned int intid)
{
	wr(gicd, GICD_ICENABLER, 1u << intid);
}

u32 gic_ack(void)
{
	return gicc ? rd(gicc, GICC_IAR) : GIC_SPURIOUS;
}

void gic_eoi(u32 iar)
{
	wr(gicc, GICC_EOIR, iar);
}

void gic_sgi_send_others(unsigned int intid)
{
	uintptr_t d = gic_probe();

	if (!d)
		return;
	__asm__ __volatile__("dsb ish" ::: "memory");
	wr(d, GICD_SGIR, GICD_SGIR_OTHERS | intid);
}

void gic_sgi_clear(unsigned int intid)
{
	/* Word access: the bytes of the other SGIs are written with 0. */
	wr(gicd, GICD_CPENDSGIR + (intid & ~3u), 0xffu << (intid & 3) * 8);
	__asm__ __volatile__("dsb ish" ::: "memory");
}
