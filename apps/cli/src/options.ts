import { UsageError } from './errors.js';

/** Parses a number as a user writes it on the command line: 0x1000, 4096, 0o17, 0b101, -1. */
export function parseNumber(text: string | number, what: string): number {
  if (typeof text === 'number' && Number.isFinite(text)) return text;
  const s = String(text).trim();
  const negative = s.startsWith('-');
  const body = negative ? s.slice(1) : s;
  if (!/^(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|\d+)$/.test(body)) {
    throw new UsageError(`${what}: '${s}' is not a number`);
  }
  const value = Number(body);
  return negative ? -value : value;
}

/** cac gives a repeated option as an array and a single one as a scalar; this always gives an array. */
export function listOption(value: unknown): string[] {
  if (value === undefined || value === null || value === false) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}

/** `NAME=VALUE` pairs (`-D`, `--reg`); a bare NAME gets `fallback`. */
export function parseAssignments(values: string[], what: string, fallback?: string): [string, string][] {
  return values.map((item) => {
    const eq = item.indexOf('=');
    if (eq < 0) {
      if (fallback === undefined) throw new UsageError(`${what}: expected NAME=VALUE, got '${item}'`);
      return [item, fallback];
    }
    const name = item.slice(0, eq);
    if (!name) throw new UsageError(`${what}: missing name in '${item}'`);
    return [name, item.slice(eq + 1)];
  });
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], what: string): T {
  const s = String(value);
  if ((allowed as readonly string[]).includes(s)) return s as T;
  throw new UsageError(`${what}: '${s}' is not one of ${allowed.join(', ')}`);
}

/** Hex with a fixed width, as registers are printed. */
export function hex32(value: number): string {
  return (value >>> 0).toString(16).padStart(8, '0');
}

/**
 * A comma-separated choice from a table: `all`, names of a record (`int80,sysenter`) or 1-based
 * positions in a list (`4,5`). An unknown item is a usage error that names it.
 */
export function pickList<T>(value: string, all: Record<string, T> | readonly T[], what: string): T[] {
  if (value === 'all') return Array.isArray(all) ? [...all] : Object.values(all);
  return value.split(',').map((part) => {
    const item = Array.isArray(all) ? all[Number(part) - 1] : (all as Record<string, T>)[part];
    if (item === undefined) throw new UsageError(`${what}: unknown '${part}'`);
    return item;
  });
}
