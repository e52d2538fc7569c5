import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Whether `path` is inside `folder` (not the folder itself), both absolute; symbolic links are the caller's to resolve. */
export function isInside(folder: string, path: string): boolean {
  const inside = relative(folder, path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
}

/** The folder of the code that runs: src/ (tests), lib/ (compiled) or lib/bundle/ (the command line, bundled). */
export const codeDir = dirname(fileURLToPath(import.meta.url));

/** This package's root folder: the nearest one above the code that holds a package.json. */
export const packageRoot = nearestPackageRoot(codeDir);

/** The package's own cache of compiled code (src/code-cache.ts, render/compiled-templates.ts): as trusted as the code. */
export const codeCacheDir = join(packageRoot, 'node_modules', '.cache', 'bulletin');

/** `templates/` of this package. */
export const defaultTemplatesDir = join(packageRoot, 'templates');

/** This package's version, from its package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version: string }).version;
}

function nearestPackageRoot(start: string): string {
  for (let dir = resolve(start, '..'); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) return resolve(start, '..');
  }
}
