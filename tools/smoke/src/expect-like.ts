/**
 * The assertion behind a README line `expression; // value`, readable as documentation:
 * - an object lists some of the properties the actual value has (others may exist), recursively;
 * - an array lists every element;
 * - a string ending in `…` is a prefix of the actual string;
 * - anything else is compared with `Object.is`.
 * Bundled into every example, in Node and in the browser-like context, so it uses no Node API.
 */
export function expectLike(actual: unknown, expected: unknown, location: string, expression: string): void {
  const mismatch = findMismatch(actual, expected, expression);
  if (mismatch !== undefined) throw new Error(`${location}: README says ${mismatch}`);
}

function findMismatch(actual: unknown, expected: unknown, path: string): string | undefined {
  if (typeof expected === 'string' && expected.endsWith('…')) {
    const prefix = expected.slice(0, -1);
    if (typeof actual === 'string' && actual.startsWith(prefix)) return undefined;
    return `${path} starts with ${show(prefix)}, but it is ${show(actual)}`;
  }
  if (Array.isArray(expected)) {
    if (!isIndexable(actual) || actual.length !== expected.length)
      return `${path} is ${show(expected)}, but it is ${show(actual)}`;
    for (let i = 0; i < expected.length; i++) {
      const inner = findMismatch(actual[i], expected[i], `${path}[${i}]`);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === 'object') {
    if (actual === null || typeof actual !== 'object')
      return `${path} is an object, but it is ${show(actual)}`;
    for (const [key, value] of Object.entries(expected)) {
      const inner = findMismatch((actual as Record<string, unknown>)[key], value, `${path}.${key}`);
      if (inner !== undefined) return inner;
    }
    return undefined;
  }
  return Object.is(actual, expected) ? undefined : `${path} is ${show(expected)}, but it is ${show(actual)}`;
}

function isIndexable(value: unknown): value is ArrayLike<unknown> {
  return Array.isArray(value) || ArrayBuffer.isView(value);
}

function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0)
    return `${value} (0x${value.toString(16)})`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
