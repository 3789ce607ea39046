# SPDX-License-Identifier: MIT
"""baremm's heap from gdb, reading target memory only (no calls into it).

Load it into a gdb attached to a baremm image, e.g. QEMU's gdb stub:

    qemu-system-arm ... -kernel build/qemu-virt-a15/baremm.elf -s -S &
    gdb-multiarch build/qemu-virt-a15/baremm.elf \\
        -ex 'source tools/gdb/baremm.py' -ex 'target remote :1234'

Commands (docs/embedding.md shows their output):

    baremm stats             mm_get_stats() from memory: page counters, arenas,
                             live objects and spans per size class
    baremm index             the arena index: every arena with metadata
    baremm arena KEY|ADDR    one arena: its page census, spans and free runs
    baremm span ADDR         the span, page state and object holding ADDR

ADDR and KEY are gdb expressions ($pc, a variable, $ from `finish`). The
structures are mm/'s headers' (struct mheap mheap, struct heap_arena,
struct span, arena_l1 and arena_none of mm/arena.c); the image needs its
debug info (the build's -g). Geometry the debug info lacks (PAGE_SHIFT,
ARENA_SHIFT, the address bits) is derived from the size-class table and the
arenas themselves; `set baremm-arena-shift N` and `set baremm-page-shift N`
override it.
"""
import struct

import gdb

PG = {0: "hole", 1: "free", 2: "span", 3: "meta"}
SPAN_STATES = {0: "unused", 1: "free", 2: "small", 3: "large", 4: "kept"}


class Param(gdb.Parameter):
    """An integer override; 0 means derive it."""

    def __init__(self, name, doc):
        self.set_doc = doc
        self.show_doc = doc
        super().__init__(name, gdb.COMMAND_DATA, gdb.PARAM_ZUINTEGER)
        self.value = 0


ARENA_SHIFT_PARAM = Param("baremm-arena-shift",
                          "log2 of baremm's arena size (0: derive)")
PAGE_SHIFT_PARAM = Param("baremm-page-shift",
                         "log2 of baremm's page size (0: derive)")


def index_address(l1_bits):
    """The index's array: 64-bit's L1 (arena_l1), else the flat one."""
    if l1_bits:
        return int(sym("arena_l1"))
    return int(sym("mheap")["index"])


def sym(name):
    """A global or file-static variable's gdb.Value."""
    s = gdb.lookup_global_symbol(name) or gdb.lookup_static_symbol(name)
    if s is None:
        raise gdb.GdbError(f"baremm: no symbol '{name}' (debug info?)")
    try:
        v = s.value()
        v.fetch_lazy()
        return v
    except gdb.error:
        # libmm.a's internals carry the __mm_ prefix in the ELF symbol
        # table (docs/embedding.md); the debug info keeps the source name.
        elf = ("__" if name.startswith("mm_") else "__mm_") + name
        addr = int(gdb.parse_and_eval(f"(unsigned long)&'{elf}'"))
        return gdb.Value(addr).cast(s.type.pointer()).dereference()


def mem(addr, n):
    return bytes(gdb.selected_inferior().read_memory(addr, n))


class Geometry:
    """The heap's numbers, from the image's tables and memory."""

    def __init__(self):
        arch = gdb.selected_inferior().architecture().name()
        self.ptr = gdb.lookup_type("void").pointer().sizeof
        self.big = gdb.execute("show endian", to_string=True).find("big") >= 0
        self.mips = "mips" in arch
        self.addr_bits = 48 if self.ptr == 8 else 31 if self.mips else 32
        self.page_shift = PAGE_SHIFT_PARAM.value or self._page_shift()
        self.arena_shift = ARENA_SHIFT_PARAM.value or self._arena_shift()
        self.key_bits = self.addr_bits - self.arena_shift
        self.l1_bits = self.key_bits - 12 if self.key_bits > 12 else 0
        self.l2_bits = self.key_bits - self.l1_bits
        self.sizes = [int(v) for v in self._array("sc_size")]

    def _array(self, name):
        v = sym(name)
        lo, hi = v.type.range()
        return [v[i] for i in range(lo, hi + 1)]

    def _page_shift(self):
        """Class 1 fills its pages exactly: nobjs * size = npages * page."""
        size, nobjs, npages = (int(sym(n)[1]) for n in
                               ("sc_size", "sc_nobjs", "sc_npages"))
        return ((size * nobjs) // npages - 1).bit_length()

    def _arena_shift(self):
        """From an arena's key and base; else the 32/64-bit default."""
        for _, a in self.raw_index_entries(22 if self.ptr == 4 else 26):
            key, base = int(a["key"]), self.key(int(a["base"]))
            for s in range(16, 40):
                if key and base == key << s:
                    return s
        return 22 if self.ptr == 4 else 26

    def key(self, addr):
        """arch_heap_key(): identity, but physical on MIPS32 kseg0/1."""
        return addr & 0x1FFFFFFF if self.mips else addr

    def ptrs(self, addr, n):
        fmt = (">" if self.big else "<") + ("Q" if self.ptr == 8 else "I")
        data = mem(addr, n * self.ptr)
        return [v[0] for v in struct.iter_unpack(fmt, data)]

    def raw_index_entries(self, arena_shift):
        """(key, heap_arena value) of every published index entry."""
        key_bits = self.addr_bits - arena_shift
        l1_bits = key_bits - 12 if key_bits > 12 else 0
        l2_bits = key_bits - l1_bits
        index = index_address(l1_bits)
        if not index:
            return []
        # An empty slot points at arena_none (mm/lookup.h).
        none = int(sym("arena_none").address)
        arena_t = gdb.lookup_type("struct heap_arena").pointer()
        out = []
        if not l1_bits:
            # The flat index covers only the RAM's arenas (mm/lookup.h):
            # slot i is arena number index_base + i.
            heap = sym("mheap")
            base, n = int(heap["index_base"]), int(heap["index_slots"])
            for i, p in enumerate(self.ptrs(index, n)):
                if p and p != none:
                    out.append((base + i,
                                gdb.Value(p).cast(arena_t).dereference()))
            return out
        l2s = [(i, p) for i, p in enumerate(self.ptrs(index, 1 << l1_bits))
               if p]
        for hi, l2 in l2s:
            for lo, p in enumerate(self.ptrs(l2, 1 << l2_bits)):
                if p and p != none:
                    out.append(((hi << l2_bits) | lo,
                                gdb.Value(p).cast(arena_t).dereference()))
        return out

    def arenas(self):
        return self.raw_index_entries(self.arena_shift)

    def arena_of(self, addr):
        key = self.key(addr) >> self.arena_shift
        for k, a in self.arenas():
            if k == key:
                return a
        return None


class Arena:
    """One heap_arena with its page arrays read in one go each."""

    def __init__(self, geo, a):
        self.geo, self.a = geo, a
        self.base, self.first = int(a["base"]), int(a["first"])
        self.npages, self.key = int(a["npages"]), int(a["key"])
        self.meta_pages = int(a["meta_pages"])
        self.state = mem(int(a["state"]), self.npages) if self.npages else b""
        self._spans = None

    @property
    def spans(self):
        if self._spans is None:
            self._spans = self.geo.ptrs(int(self.a["spans"]), self.npages)
        return self._spans

    def page_addr(self, i):
        return self.base + ((self.first + i) << self.geo.page_shift)

    def census(self):
        n = [0, 0, 0, 0]
        for s in self.state:
            n[s & 3] += 1
        return n

    def runs(self):
        """(first index, pages, state, span pointer) of every run."""
        i, out = 0, []
        while i < self.npages:
            st = self.state[i]
            if st == 2 and self.spans[i]:
                sp = span_value(self.spans[i])
                n = max(1, min(int(sp["npages"]), self.npages - i))
                out.append((i, n, st, self.spans[i]))
                i += n
                continue
            j = i + 1
            while j < self.npages and self.state[j] == st and st != 2:
                j += 1
            out.append((i, j - i, st, 0))
            i = j
        return out


def span_value(p):
    return gdb.Value(p).cast(
        gdb.lookup_type("struct span").pointer()).dereference()


def span_line(geo, sp):
    st = int(sp["state"])
    base = int(sp["start"]) << geo.page_shift
    line = (f"span 0x{base:x} {int(sp['npages'])} pages "
            f"{SPAN_STATES.get(st, st)}")
    if st == 2:
        c = int(sp["sizeclass"])
        owner = int(sp["owner"])
        line += (f" class {c} ({geo.sizes[c]} B) "
                 f"{int(sp['nalloc'])}/{int(sp['nelems'])} objects"
                 + (f", cpu {owner - 1} cache" if owner else ", central"))
    return line


def addr_arg(arg):
    if not arg.strip():
        raise gdb.GdbError("baremm: an address or key is needed")
    return int(gdb.parse_and_eval(arg).cast(
        gdb.lookup_type("unsigned long long")))


class Baremm(gdb.Command):
    """baremm's heap: baremm stats | index | arena KEY|ADDR | span ADDR."""

    def __init__(self):
        super().__init__("baremm", gdb.COMMAND_DATA, prefix=True)


class Stats(gdb.Command):
    """Heap counters, arenas and live objects per size class."""

    def __init__(self):
        super().__init__("baremm stats", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        geo = Geometry()
        h = sym("mheap")
        ps = geo.page_shift
        total, free, ungrown = (int(h[f]) for f in
                                ("total_pages", "free_pages", "ungrown_pages"))
        span, meta = int(h["span_pages"]), int(h["meta_pages"])
        print(f"baremm: page {1 << ps} B, arena {1 << geo.arena_shift >> 10} "
              f"KiB, {geo.addr_bits} address bits, {int(h['arenas'])} arenas "
              f"with metadata")
        print(f"pages: total {total} free {free} ungrown {ungrown} span "
              f"{span} meta {meta} (arena metadata "
              f"{int(h['arena_meta_pages'])}, boot {int(h['boot_meta_pages'])})"
              f"; min available {int(h['min_avail_pages'])}")
        print(f"bytes: total {total << ps} free {(free + ungrown) << ps} "
              f"used {span << ps} metadata {meta << ps}"
              + ("" if total == free + ungrown + span + meta else
                 "  (identity broken: total != free + ungrown + span + meta)"))
        print(f"bad frees reported: {int(sym('kfree_bad_count'))}")
        live, spans = {}, {}
        for _, a in geo.arenas():
            ar = Arena(geo, a)
            for i, n, st, p in ar.runs():
                if st != 2 or not p:
                    continue
                sp = span_value(p)
                if int(sp["state"]) == 2:
                    c = int(sp["sizeclass"])
                    live[c] = live.get(c, 0) + int(sp["nalloc"])
                    spans[c] = spans.get(c, 0) + 1
        print("class   size    live   spans")
        for c in sorted(spans):
            print(f"{c:5d} {geo.sizes[c]:6d} {live[c]:7d} {spans[c]:7d}")


class Index(gdb.Command):
    """The arena index: key, heap_arena, base, backed and metadata pages."""

    def __init__(self):
        super().__init__("baremm index", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        geo = Geometry()
        entries = geo.arenas()
        heap = sym("mheap")
        shape = (f"{1 << geo.l1_bits} L1 x {1 << geo.l2_bits} L2"
                 if geo.l1_bits else
                 f"flat, {int(heap['index_slots'])} entries from key "
                 f"{int(heap['index_base'])}")
        print(f"arena index at 0x{index_address(geo.l1_bits):x}: {shape}, "
              f"{len(entries)} arenas")
        for key, a in entries:
            print(f"  key {key:6d} heap_arena 0x{int(a.address):x} base "
                  f"0x{int(a['base']):x} first {int(a['first'])} backed "
                  f"{int(a['npages'])} pages, metadata "
                  f"{int(a['meta_pages'])} pages")


class ArenaCmd(gdb.Command):
    """One arena: census, then each span and free run in address order."""

    def __init__(self):
        super().__init__("baremm arena", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        geo = Geometry()
        v = addr_arg(arg)
        a = None
        for key, e in geo.arenas():
            if key == v:
                a = e
        if a is None:
            a = geo.arena_of(v)
        if a is None:
            raise gdb.GdbError(f"baremm: no arena with key or address {v:#x}")
        ar = Arena(geo, a)
        n = ar.census()
        print(f"arena {ar.key} at 0x{ar.base:x}: {ar.npages} pages backed "
              f"from page {ar.first}, metadata {ar.meta_pages} pages; "
              f"free {n[1]} span {n[2]} meta {n[3]} hole {n[0]}")
        for i, cnt, st, p in ar.runs():
            if st == 2 and p:
                print("  " + span_line(geo, span_value(p)))
            else:
                lo = ar.page_addr(i)
                hi = ar.page_addr(i + cnt) - 1
                print(f"  {PG.get(st, st):4s} 0x{lo:x}..0x{hi:x} {cnt} pages")


class SpanCmd(gdb.Command):
    """The span holding an address, its page state and object."""

    def __init__(self):
        super().__init__("baremm span", gdb.COMMAND_DATA)

    def invoke(self, arg, from_tty):
        geo = Geometry()
        addr = addr_arg(arg)
        a = geo.arena_of(addr)
        if a is None:
            print(f"0x{addr:x}: not a heap address (no arena)")
            return
        ar = Arena(geo, a)
        i = (geo.key(addr) >> geo.page_shift) - \
            (geo.key(ar.base) >> geo.page_shift) - ar.first
        if i < 0 or i >= ar.npages:
            print(f"0x{addr:x}: in arena {ar.key}, but not a backed page")
            return
        st = ar.state[i]
        p = ar.spans[i]
        print(f"0x{addr:x}: arena {ar.key}, page {ar.first + i}, "
              f"state {PG.get(st, st)}")
        if st != 2 or not p:
            return
        sp = span_value(p)
        print("  " + span_line(geo, sp) + f" (struct span *)0x{p:x}")
        base = int(sp["start"]) << geo.page_shift
        if int(sp["state"]) == 2:
            size = geo.sizes[int(sp["sizeclass"])]
            off = geo.key(addr) - geo.key(base)
            idx = off // size
            bits = sp["alloc_bits"][idx // (8 * geo.ptr)]
            used = (int(bits) >> (idx % (8 * geo.ptr))) & 1
            print(f"  object {idx} at 0x{base + idx * size:x} "
                  f"(+{off - idx * size}), {size} B, "
                  f"{'allocated' if used else 'free'}")
        else:
            print(f"  large object at 0x{base:x}, offset {addr - base}")


Baremm()
Stats()
Index()
ArenaCmd()
SpanCmd()
