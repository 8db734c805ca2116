import { InvalidArgumentError } from '@vmi386/invalid-argument';
import { describe, expect, it } from 'vitest';
import { Cpu, PhysicalMemory } from '../index.js';
import { NOT_SAVED, SAVED_FIELDS, SAVED_STATE_LENGTH, SAVED_STATE_VERSION } from './saved-state.js';

function cpu(): Cpu {
  return new Cpu({ memory: new PhysicalMemory(1 << 20) });
}

type Fields = Record<string, number | boolean | ArrayLike<number>>;

describe('saved state', () => {
  it('round-trips every field of the table, each set to a distinct value', () => {
    // Distinct values that fit every field's storage (Uint8 included); booleans are all true.
    const data = new Float64Array(SAVED_STATE_LENGTH);
    let at = 0;
    for (const f of SAVED_FIELDS) {
      const n = f.kind === 'array' ? f.length : 1;
      for (let k = 0; k < n; k++) data[at + k] = f.kind === 'boolean' ? 1 : ((at + k) % 250) + 1;
      at += n;
    }
    const a = cpu();
    a.loadState({ version: SAVED_STATE_VERSION, data, fpu: undefined });
    // Each field holds its value under its own name…
    const fields = a as unknown as Fields;
    at = 0;
    for (const f of SAVED_FIELDS) {
      const value = fields[f.name];
      if (f.kind === 'array')
        expect(Array.from(value as ArrayLike<number>), f.name).toEqual([...data.subarray(at, at + f.length)]);
      else expect(Number(value), f.name).toBe(data[at]);
      at += f.kind === 'array' ? f.length : 1;
    }
    // … and comes back out in the same place.
    expect(a.saveState().data).toEqual(data);
    // The MOV SS / POP SS shadow in particular (it was once neither saved nor reset).
    expect(a.inhibitAt).not.toBe(a.debugInhibitAt);
    const b = cpu();
    b.loadState(a.saveState());
    expect([b.inhibitAt, b.debugInhibitAt]).toEqual([a.inhibitAt, a.debugInhibitAt]);
    b.reset();
    expect([b.inhibitAt, b.debugInhibitAt]).toEqual([-1, -1]);
  });

  it('accounts for every field of a Cpu: saved, or listed with the reason it is not', () => {
    const saved = new Set<string>(SAVED_FIELDS.map((f) => f.name));
    const own = Object.keys(cpu());
    const unaccounted = own.filter((name) => !saved.has(name) && !(name in NOT_SAVED));
    expect(unaccounted).toEqual([]);
    // The lists name real fields, and no field is in both.
    const all = new Set([...own, 'icount', 'cycles']);
    expect([...saved, ...Object.keys(NOT_SAVED)].filter((name) => !all.has(name))).toEqual([]);
    expect(Object.keys(NOT_SAVED).filter((name) => saved.has(name))).toEqual([]);
  });

  it('refuses a snapshot of another version or length with a clear error', () => {
    const state = cpu().saveState();
    expect(() => cpu().loadState({ ...state, version: 1 as never })).toThrow(InvalidArgumentError);
    expect(() => cpu().loadState({ ...state, version: 1 as never })).toThrow(/version 1/);
    expect(() => cpu().loadState({ ...state, data: state.data.subarray(1) })).toThrow(InvalidArgumentError);
  });
});
