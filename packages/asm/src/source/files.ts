// Finding source files without `fs`: in-memory files first, then the caller's `readFile`.

export interface FileAccess {
  virtualFiles: Record<string, string>;
  readFile: ((path: string) => string | undefined) | undefined;
  includePaths: string[];
}

export interface FileResolver {
  read(path: string): string | undefined;
  /**
   * Finds an included file: `"name"` (and `.include`) first next to the including file, then
   * along the include paths; `<name>` only along the include paths (and virtual files by name).
   */
  include(name: string, fromFile: string, angled?: boolean): { file: string; text: string } | undefined;
}

export function directoryOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash + 1);
}

export function joinPath(dir: string, name: string): string {
  if (name.startsWith('/') || dir === '') return normalizePath(name);
  return normalizePath(dir.endsWith('/') ? dir + name : `${dir}/${name}`);
}

/** Removes `.` and `dir/..` segments (`src/../inc/a.h` is `inc/a.h`), keeping leading `..`. */
export function normalizePath(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else if (part === '..' && absolute) continue;
    else out.push(part);
  }
  return (absolute ? '/' : '') + out.join('/');
}

export function createFileResolver(access: FileAccess): FileResolver {
  const read = (path: string): string | undefined => {
    if (Object.hasOwn(access.virtualFiles, path)) return access.virtualFiles[path];
    const normalized = normalizePath(path);
    if (Object.hasOwn(access.virtualFiles, normalized)) return access.virtualFiles[normalized];
    try {
      return access.readFile?.(path);
    } catch {
      return undefined;
    }
  };
  return {
    read,
    include(name, fromFile, angled = false) {
      const candidates: string[] = [];
      if (!angled) candidates.push(joinPath(directoryOf(fromFile), name));
      for (const dir of access.includePaths) candidates.push(joinPath(dir, name));
      candidates.push(name);
      for (const file of candidates) {
        const text = read(file);
        if (text !== undefined) return { file, text };
      }
      return undefined;
    },
  };
}
