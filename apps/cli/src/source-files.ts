import { existsSync, readFileSync, statSync } from 'node:fs';
import { UsageError } from './errors.js';

/** Reads a file the user named, or fails with a one-line error. */
export function readUserFile(path: string): Buffer {
  if (!existsSync(path)) throw new UsageError(`${path}: no such file`);
  if (statSync(path).isDirectory()) throw new UsageError(`${path}: is a directory`);
  return readFileSync(path);
}

/** The assembler's `readFile` callback: the package itself never touches the file system. */
export function readTextFileIfExists(path: string): string | undefined {
  try {
    return statSync(path).isFile() ? readFileSync(path, 'utf8') : undefined;
  } catch {
    return undefined;
  }
}
