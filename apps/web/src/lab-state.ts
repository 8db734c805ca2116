import type { KernelDescription, KernelSources } from './protocol.js';
import { RunWorkerClient } from './run-worker-client.js';

/**
 * What the views share: the kernel sources the runs use (the shipped ones, or an edit that built),
 * the description of that kernel (listings, hook points), and the hook-point visits of the last run.
 */
export class LabState {
  /** Builds kernels for the editor and the hook-point view (the run view has its own worker). */
  readonly builder = new RunWorkerClient();
  private edited: KernelSources | undefined;
  private current: KernelDescription | undefined;
  private readonly descriptionListeners = new Set<(description: KernelDescription) => void>();
  private readonly visitListeners = new Set<(visits: ReadonlyMap<number, number>) => void>();
  private pending: ((description: KernelDescription) => void)[] = [];
  private visits: ReadonlyMap<number, number> = new Map();

  constructor() {
    this.builder.listen((message) => {
      if (message.type !== 'described') return;
      const waiting = this.pending;
      this.pending = [];
      for (const resolve of waiting) resolve(message.description);
    });
    void this.build(undefined).then((description) => this.adopt(description));
  }

  /** The sources runs should use: undefined means the shipped kernel. */
  get sources(): KernelSources | undefined {
    return this.edited;
  }

  get description(): KernelDescription | undefined {
    return this.current;
  }

  /** Builds `sources` (undefined: the shipped ones) in the worker and describes the result. */
  build(sources: KernelSources | undefined): Promise<KernelDescription> {
    return new Promise((resolve) => {
      this.pending.push(resolve);
      this.builder.send(sources ? { type: 'describe', sources } : { type: 'describe' });
    });
  }

  /** Makes a kernel that built the one every view shows and every run uses. */
  adopt(description: KernelDescription): void {
    this.edited = description.shipped ? undefined : description.sources;
    this.current = description;
    for (const listener of this.descriptionListeners) listener(description);
  }

  onDescription(listener: (description: KernelDescription) => void): void {
    this.descriptionListeners.add(listener);
    if (this.current) listener(this.current);
  }

  publishVisits(visits: ReadonlyMap<number, number>): void {
    this.visits = visits;
    for (const listener of this.visitListeners) listener(visits);
  }

  /** Calls `listener` with the last run's hook-point visits now and after every update. */
  onVisits(listener: (visits: ReadonlyMap<number, number>) => void): void {
    this.visitListeners.add(listener);
    listener(this.visits);
  }
}
