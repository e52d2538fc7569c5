import { readFile } from 'node:fs/promises';
import type { Element, Root } from 'hast';
import { select, selectAll } from 'hast-util-select';
import { toString } from 'hast-util-to-string';
import rehypeParse from 'rehype-parse';
import { unified } from 'unified';

export async function readHtml(path: string): Promise<Root> {
  return unified().use(rehypeParse).parse(await readFile(path, 'utf8'));
}

export { select, selectAll, toString };

export function attribute(element: Element | undefined, name: string): string | undefined {
  const value = element?.properties[name];
  return value === undefined || value === null ? undefined : Array.isArray(value) ? value.join(' ') : String(value);
}

/** Text with runs of white space folded, for comparing prose. */
export function foldSpace(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
