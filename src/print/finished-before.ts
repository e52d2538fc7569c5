import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';

/**
 * What a build finished from its last print: kept with the printed pages
 * (site/model-store.ts), so that the next build of the issue, when Chromium prints it
 * the same bytes, takes the PDF that build wrote instead of finishing it again (reading
 * and checking the printed text, the text layer, the structure and the metadata: some
 * 0.1 s after each print, with pdf-lib's parse of the whole file the most of it). Every
 * step from the print to the PDF is a function of the print's bytes and of what
 * `printKey` names besides them, so the same key gives the same PDF, its contents
 * checked by the build that made it; the PDF is taken only where it is still the file
 * that build wrote (its SHA-256).
 */
export interface FinishedBefore {
  /** The print and what the PDF was finished with (`printKey`). */
  printKey: string;
  /** The finished PDF's SHA-256, hex. */
  sha256: string;
  pages: number;
  /** The printed page of each contents entry, as the check found them. */
  contentsPages: number[];
}

/**
 * Names a print (Chromium's bytes, its dates left out: they are the clock's) and what
 * the PDF is finished with besides it (the document's facts, the contents, the metadata).
 */
export function printKey(printed: Uint8Array, finishing: unknown): string {
  const text = Buffer.from(printed.buffer, printed.byteOffset, printed.byteLength).toString('latin1');
  const undated = text.replace(/\/(CreationDate|ModDate)\s*\(D:[^)]*\)/g, '/$1()');
  return createHash('sha256').update(undated, 'latin1').update('\0').update(JSON.stringify(finishing)).digest('hex');
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The PDF finished before from a print with this key, where the file at `path` is still it; else undefined. */
export async function pdfFinishedBefore(kept: FinishedBefore | undefined, key: string, path: string | undefined): Promise<{ pdf: Uint8Array; pages: number; contentsPages: number[] } | undefined> {
  if (kept === undefined || path === undefined || kept.printKey !== key) return undefined;
  const pdf = await readFile(path).catch(() => undefined);
  if (pdf === undefined || sha256(pdf) !== kept.sha256) return undefined;
  return { pdf, pages: kept.pages, contentsPages: [...kept.contentsPages] };
}

/** Whether a value read back from disk has the shape the printer keeps. */
export function isFinishedBefore(value: unknown): value is FinishedBefore {
  if (typeof value !== 'object' || value === null) return false;
  const { printKey: key, sha256: hash, pages, contentsPages } = value as Partial<Record<keyof FinishedBefore, unknown>>;
  const hex = (text: unknown) => typeof text === 'string' && /^[0-9a-f]{64}$/.test(text);
  return hex(key) && hex(hash) && Number.isInteger(pages) && Array.isArray(contentsPages) && contentsPages.every((page) => Number.isInteger(page) && page >= 0);
}
