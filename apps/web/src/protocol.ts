/**
 * Messages between the page and its workers. The page never runs the machine itself: every run,
 * build and sweep happens in a worker, so the page stays responsive.
 */
import type {
  BackendName,
  BenchRow,
  DisassembledLine,
  EntryRoute,
  ExplorationResult,
  GuestRunReport,
  HookPoint,
  LabErrorKind,
  Platform,
} from '@vmi386/lab';

export type KernelSources = Readonly<Record<string, string>>;

/** One source line's bytes in a build (what `as -al` prints beside it). */
export interface ListingLine {
  readonly file: string;
  readonly line: number;
  readonly address: number;
  readonly bytes: string;
}

/** An assembler or linker message at its line. */
export interface BuildDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** A kernel build as the page needs it: per-line bytes for both backends and the hook points. */
export interface KernelDescription {
  readonly sources: KernelSources;
  readonly shipped: boolean;
  readonly ok: boolean;
  readonly diagnostics: readonly BuildDiagnostic[];
  readonly listings: Readonly<Record<BackendName, readonly ListingLine[]>>;
  readonly hookPoints: readonly HookPoint[];
}

/** The CPU as the run view shows it. */
export interface CpuView {
  readonly registers: Readonly<Record<string, number>>;
  readonly selectors: Readonly<Record<string, number>>;
  readonly cpl: number;
  /** Linear address of the next instruction. */
  readonly linearEip: number;
  /** `entry.S:123`, `ROM+0x40`, or the address. */
  readonly where: string;
  readonly instruction: readonly DisassembledLine[];
}

export type RunState = 'running' | 'paused' | 'ended';

export interface RunConfiguration {
  readonly backend: BackendName;
  readonly platform: Platform;
  /** Edited kernel sources (absent: the shipped ones). */
  readonly sources?: KernelSources;
}

export type ToRunWorker =
  | { readonly type: 'describe'; readonly sources?: KernelSources }
  | { readonly type: 'start'; readonly configuration: RunConfiguration; readonly paused: boolean }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'step' }
  | { readonly type: 'run-to'; readonly address: number }
  | { readonly type: 'bench' };

export type FromRunWorker =
  | { readonly type: 'described'; readonly description: KernelDescription }
  | { readonly type: 'console'; readonly text: string }
  | {
      readonly type: 'status';
      readonly state: RunState;
      readonly report: GuestRunReport;
      readonly cpu: CpuView;
      /** Executions per hook point (VMI builds), as [address, count]. */
      readonly siteVisits: readonly (readonly [number, number])[];
    }
  | { readonly type: 'bench-row'; readonly row: BenchRow; readonly index: number }
  | { readonly type: 'bench-done'; readonly rows: readonly BenchRow[]; readonly chart: string }
  | { readonly type: 'error'; readonly kind: LabErrorKind | 'internal'; readonly message: string };

export interface SweepUnit {
  readonly configuration: number;
  readonly route: EntryRoute;
}

export type ToSweepWorker = { readonly type: 'explore'; readonly unit: SweepUnit };

export type FromSweepWorker =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'result'; readonly result: ExplorationResult }
  | { readonly type: 'error'; readonly kind: LabErrorKind | 'internal'; readonly message: string };
