import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { manifestFileName } from '../web/manifest-file.js';

/**
 * What an issue's own inputs are, as one hash: every file of its folder (names and
 * contents) and its config. Equal keys mean the same issue model.
 */
export function issueContentKey(issueDir: string, configText: string): string | undefined {
  const hash = createHash('sha256').update('config\0').update(configText);
  // Synchronous on purpose: an issue is a handful of small files, and a build of a
  // hundred unchanged issues is mostly this; through the thread pool, each read costs
  // four round trips to it, several times the read itself.
  let entries;
  try {
    entries = readdirSync(issueDir, { recursive: true, withFileTypes: true });
  } catch {
    // A folder that cannot be listed has no key: the loader then says what is wrong with it.
    return undefined;
  }
  const files = entries.filter((entry) => entry.isFile() || entry.isSymbolicLink()).map((entry) => join(entry.parentPath, entry.name)).sort();
  for (const file of files) {
    hash.update('\0file\0').update(relative(issueDir, file)).update('\0');
    hash.update(readOrMark(file));
  }
  return hash.digest('hex');
}

/**
 * What an issue's outputs depend on: its own inputs (`issueContentKey`) and what the
 * whole build shares (the tool's version and code, the templates, the fonts, whether a
 * PDF is made). Equal keys mean the outputs on disk are still right, so the issue need
 * not be rendered again.
 */
export function issueBuildKey(contentKey: string, sharedKey: string): string {
  return sharedBuildKey([sharedKey, contentKey]);
}

function readOrMark(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch {
    return Buffer.from('unreadable');
  }
}

/** The part of every issue's key that the whole build shares. */
export function sharedBuildKey(parts: readonly string[]): string {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/** What a build recorded of an issue in its `issue.json`, read without the manifest's schema. */
export interface BuildRecord {
  buildKey: string;
  /** The issue's output files, relative to its folder. */
  outputs: string[];
  /** The printed page of each contents entry, when a PDF was made. */
  contentsPages: number[] | undefined;
}

/**
 * Reads the build key and the outputs from an issue's `issue.json` (web/manifest.ts
 * writes it). Anything unexpected reads as no record, and the issue is built again.
 */
export async function readBuildRecord(issueOutDir: string): Promise<BuildRecord | undefined> {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(join(issueOutDir, manifestFileName), 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const { buildKey, sections, pdf } = data as { buildKey?: unknown; sections?: unknown; pdf?: unknown };
  if (typeof buildKey !== 'string' || !Array.isArray(sections)) return undefined;
  const hrefs = sections.map((section: unknown) => (section as { href?: unknown }).href);
  if (!hrefs.every((href): href is string => typeof href === 'string')) return undefined;
  const pdfRecord = typeof pdf === 'object' && pdf !== null ? (pdf as { href?: unknown; contentsPages?: unknown }) : undefined;
  const pdfHref = typeof pdfRecord?.href === 'string' ? pdfRecord.href : undefined;
  const pages = pdfRecord?.contentsPages;
  const contentsPages = Array.isArray(pages) && pages.every((page) => Number.isInteger(page)) ? (pages as number[]) : undefined;
  return { buildKey, outputs: ['index.html', 'all.html', ...hrefs, ...(pdfHref === undefined ? [] : [pdfHref])], contentsPages };
}
