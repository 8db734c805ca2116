/**
 * The hypervisor hole: linear 0xFC000000–0xFFFFFFFF belongs to the monitor in every address space
 * the guest runs in (the shadow page directory's last 16 entries are the monitor's, whatever the
 * guest's own page tables say).
 *
 * Protection on an i386 has two layers, and the hole uses both:
 * - paging tells only user (CPL 3) from supervisor (CPL 0–2), so every hole page is supervisor-only:
 *   user mode reaches none of them;
 * - the guest kernel runs in ring 1, which paging counts as supervisor, so the monitor truncates
 *   every segment the guest can load to end at `GUEST_SEGMENT_END`: the ROM page and the shared
 *   page are inside the guest's reach, everything above is not (a #GP or #SS, as VMware's and
 *   Xen's monitors of the time did it). The ROM page is read-only (CR0.WP is always set).
 */

export const HOLE_BASE = 0xfc000000;
export const PAGE_SIZE = 0x1000;

/** The VMI ROM: one page, entry N at ROM_BASE + 32·N (VMI's `VROM_CALL_LEN`). Guest: execute/read. */
export const ROM_BASE = 0xfc000000;
/** The page shared with the guest kernel: virtual IF, pending events, copies of CR0/CR2/CR3. Guest: read/write. */
export const SHARED_PAGE = 0xfc001000;
/** The last byte any guest segment reaches: the ROM and the shared page, nothing above. */
export const GUEST_SEGMENT_END = 0xfc001fff;

/** Monitor-private pages, beyond every guest segment's limit. */
export const MONITOR_GDT = 0xfc002000;
export const MONITOR_IDT = 0xfc003000;
export const MONITOR_TSS = 0xfc003800;
/** Values the ring-0 sysenter bounce reads (the guest's SYSENTER MSRs). */
export const MONITOR_DATA = 0xfc003900;
export const SHADOW_LDT = 0xfc004000;
/** Ring-0 code: the sysenter bounce. */
export const MONITOR_CODE = 0xfc005000;
export const MONITOR_STACK_TOP = 0xfc007000;
/** Hole pages backed by monitor RAM, from HOLE_BASE up. */
export const HOLE_PAGES = 7;

/** Offsets in the shared page (the ROM addresses them as SHARED_PAGE + offset). */
export const SharedField = {
  /** The virtual IF as the EFLAGS bit: 0 or 0x200. */
  virtualIf: 0,
  /** Nonzero while an event waits for the virtual IF. */
  pending: 4,
  cr0: 8,
  cr2: 12,
  cr3: 16,
} as const;

/** Offsets in MONITOR_DATA, read by the sysenter bounce. */
export const MonitorDataField = {
  /** (guest SYSENTER_CS + 8) with RPL 1: the stack segment the guest's sysenter entry expects. */
  entrySs: 0,
  /** The guest's SYSENTER_ESP. */
  entryEsp: 4,
  /** The guest's SYSENTER_CS with RPL 1. */
  entryCs: 8,
  /** The guest's SYSENTER_EIP. */
  entryEip: 12,
  /** How many times the bounce ran (the monitor's own statistics, kept by its ring-0 code). */
  bounces: 16,
} as const;

/** Guest GDT entries the monitor shadows; the monitor's own descriptors follow them. */
export const GUEST_GDT_ENTRIES = 256;
/** The monitor's descriptors in the real GDT (index). */
export const MonitorSelector = {
  code: (GUEST_GDT_ENTRIES + 0) * 8,
  data: (GUEST_GDT_ENTRIES + 1) * 8,
  /** The monitor's TSS while the guest has not loaded a task register of its own. */
  tss: (GUEST_GDT_ENTRIES + 2) * 8,
} as const;
export const REAL_GDT_ENTRIES = GUEST_GDT_ENTRIES + 3;
/** Guest LDT entries the monitor shadows (the whole shadow page). */
export const SHADOW_LDT_ENTRIES = PAGE_SIZE / 8;

export const IF_MASK = 0x200;
