/**
 * What the monitor's own work costs, in modelled cycles, on top of what the CPU model already
 * charges for the exit itself (the fault, the delivery to ring 0 and the return). The monitor is
 * TypeScript standing in for ring-0 code, so its handlers have no instructions to count: each cause
 * gets a figure here.
 *
 * Sources and method. Published measurements of 2006-era software monitors are per operation and
 * include the exit: Adams & Agesen (ASPLOS 2006, "A Comparison of Software and Hardware Techniques
 * for x86 Virtualization", section 6.1) measure VMware's software VMM and VT-x on a Pentium 4, and
 * find that most of an emulated privileged operation's cost is the transition, not the emulation.
 * Their figures are for a different CPU and a binary translator, so none is copied here: every number
 * below is an ESTIMATE of the instructions a ring-0 handler of that kind executes on a Pentium II at
 * about one instruction per clock (decode the faulting instruction from guest memory, look up and
 * update a few fields, write back), kept in proportion to one another. Change them here; every run
 * reports how many exits of each cause it made, so the cost of any other choice can be recomputed.
 */
export interface MonitorCostModel {
  readonly name: string;
  /** Decode and emulate one trapped privileged instruction (CLI, MOV CR, WRMSR…). ESTIMATE. */
  readonly emulateInstruction: number;
  /**
   * Forward an IN/OUT to the device. ESTIMATE: the handler (150, as any emulated instruction) plus
   * the device's own latency, which the CPU model charges 300 clocks for a real IN/OUT ([AF-IT] in
   * `@vmi386/cpu`'s cost model).
   */
  readonly emulatePortIo: number;
  /** Walk the guest's two-level page tables and write one shadow entry. ESTIMATE. */
  readonly shadowFill: number;
  /** Rebuild the shadow descriptor tables after a traced write (per table entry rebuilt). ESTIMATE. */
  readonly resyncPerDescriptor: number;
  /** Build the native frame on the guest's stack and enter its handler (reflect or inject). ESTIMATE. */
  readonly injectEvent: number;
  /** Acknowledge a device interrupt and queue it for the guest. ESTIMATE. */
  readonly queueEvent: number;
  /** Any other exit: classify and return (a single-step trap, a doorbell). ESTIMATE. */
  readonly dispatch: number;
}

export const MONITOR_COSTS_PENTIUM_II: MonitorCostModel = {
  name: 'vmi386 monitor on a Pentium II (estimates)',
  emulateInstruction: 150,
  emulatePortIo: 450,
  shadowFill: 250,
  resyncPerDescriptor: 6,
  injectEvent: 200,
  queueEvent: 60,
  dispatch: 40,
};
