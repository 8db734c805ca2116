import { type InjectableMachine, pcTarget } from '@vmi386/event-injector';
import { buildGuest, type GuestBuild } from '@vmi386/guest-entry';
import { type AtomicRegions, buildRom, HypervisorMachine } from '@vmi386/hypervisor';
import { PcMachine } from '@vmi386/pc';
import { type BackendName, backends, type Platform } from '../backends.js';
import { statementRanges } from '../source-statements.js';

/** A configuration of the race explorer: an image, a platform, and for the monitor an ablation. */
export interface RaceConfiguration {
  readonly name: string;
  readonly backend: BackendName;
  readonly platform: Platform;
  /** Monitor ablations (hypervisor only). */
  readonly atomicRegions?: Partial<AtomicRegions>;
}

export const raceConfigurations: readonly RaceConfiguration[] = [
  { name: 'native/bare', backend: 'native', platform: 'bare' },
  { name: 'vmi/bare', backend: 'vmi', platform: 'bare' },
  { name: 'native/hypervisor', backend: 'native', platform: 'hypervisor' },
  { name: 'vmi/hypervisor', backend: 'vmi', platform: 'hypervisor' },
  {
    name: 'vmi/hypervisor, IRET region not recognised',
    backend: 'vmi',
    platform: 'hypervisor',
    atomicRegions: { iret: false },
  },
  {
    name: 'vmi/hypervisor, STI and SYSEXIT split',
    backend: 'vmi',
    platform: 'hypervisor',
    atomicRegions: { sysexit: false },
  },
];

/** A [start, end) range of linear addresses. */
export interface Range {
  readonly start: number;
  readonly end: number;
  readonly what: string;
}

export interface BootedConfiguration {
  readonly build: GuestBuild;
  readonly target: InjectableMachine<unknown>;
  /**
   * The kernel's return path: an event delivered with its return address in one of these ranges
   * would nest on the kernel stack in the middle of a return (the seed's race). Native: the
   * `iret` and `sti; sysexit` instructions; VMI: their hook points; under the monitor also the
   * ROM's IRET and SYSEXIT code.
   */
  readonly returnPath: readonly Range[];
  /** The `IRET` statements (their hook points in the VMI image): where a return can fault. */
  readonly iretStatements: readonly Range[];
}

/** The shipped guest per backend, built once: a build is a pure function of its sources. */
const shippedBuilds = new Map<BackendName, GuestBuild>();

export function shippedBuild(backend: BackendName): GuestBuild {
  let build = shippedBuilds.get(backend);
  if (!build) {
    build = buildGuest({ backend: backends[backend] });
    if (!build.ok) throw new Error(`the ${backend} guest does not build`);
    shippedBuilds.set(backend, build);
  }
  return build;
}

export function bootConfiguration(configuration: RaceConfiguration): BootedConfiguration {
  const build = shippedBuild(configuration.backend);
  // The statements that invoke IRET or STI_SYSEXIT, and the bytes the listing puts there.
  const returnPath: Range[] = statementRanges(build, /^\s*(\d+:)?\s*(IRET|STI_SYSEXIT)\s*$/);
  const iretStatements = statementRanges(build, /^\s*(\d+:)?\s*IRET\s*$/);
  if (configuration.platform === 'bare') {
    const pc = new PcMachine();
    pc.loadMultiboot(build.image);
    return { build, target: pcTarget(pc) as InjectableMachine<unknown>, returnPath, iretStatements };
  }
  const machine = new HypervisorMachine({ atomicRegions: configuration.atomicRegions });
  machine.boot(build.image);
  const rom = buildRom();
  returnPath.push({ ...rom.regions.iret, what: 'ROM IRET' }, { ...rom.regions.sysexit, what: 'ROM SYSEXIT' });
  const target: InjectableMachine<unknown> = {
    cpu: machine.pc.cpu,
    pulseIrq: (line) => machine.pc.pic.pulseIrq(line),
    raiseNmi: () => machine.pc.cpu.raiseNmi(),
    run: (options) => machine.run(options),
    snapshot: () => machine.snapshot(),
    restore: (snapshot) => machine.restore(snapshot as ReturnType<HypervisorMachine['snapshot']>),
  };
  return { build, target, returnPath, iretStatements };
}
