import type { InjectableMachine } from './machine.js';

/** An event the injector can raise: a device interrupt on a PIC line, or an NMI. */
export type InjectedEvent = { readonly kind: 'irq'; readonly line: number } | { readonly kind: 'nmi' };

export function describeEvent(event: InjectedEvent): string {
  return event.kind === 'irq' ? `IRQ ${event.line}` : 'NMI';
}

/** Raises `event` now, between two instructions. */
export function raiseEvent<S>(machine: InjectableMachine<S>, event: InjectedEvent): void {
  if (event.kind === 'nmi') machine.raiseNmi();
  else {
    if (!Number.isInteger(event.line) || event.line < 0 || event.line > 15) {
      throw new RangeError(`IRQ line must be 0–15, got ${event.line}`);
    }
    machine.pulseIrq(event.line);
  }
}
