import { isAbsolute, relative } from 'node:path';

/** Whether `path` is inside `folder` (not the folder itself), both absolute; symbolic links are the caller's to resolve. */
export function isInside(folder: string, path: string): boolean {
  const inside = relative(folder, path);
  return inside !== '' && !inside.startsWith('..') && !isAbsolute(inside);
}
