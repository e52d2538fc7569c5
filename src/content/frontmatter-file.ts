import { readFile } from 'node:fs/promises';
import { isMap, parseDocument } from 'yaml';

/**
 * The front-matter of a Markdown file as plain data, read without the Markdown pipeline;
 * undefined when the file cannot be read or its front-matter does not parse (its own
 * check reports that).
 */
export async function readFrontmatterFile(path: string): Promise<Record<string, unknown> | undefined> {
  const text = await readFile(path, 'utf8').catch(() => undefined);
  const match = text === undefined ? null : /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(text);
  if (!match) return undefined;
  const document = parseDocument(match[1] ?? '');
  if (document.errors.length > 0 || !isMap(document.contents)) return undefined;
  return document.toJS() as Record<string, unknown>;
}
