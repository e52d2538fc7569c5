import { isAbsolute, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Whether `path` is inside `folder` (not the folder itself), both absolute; symbolic links are the caller's to resolve. */
export function isInside(folder: string, path: string): boolean {
  const inside = relative(folder, path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
}

/** `templates/` of this package: src/ and lib/ both sit one level below the root. */
export const defaultTemplatesDir = resolve(fileURLToPath(import.meta.url), '../../templates');
