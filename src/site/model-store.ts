import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { deserialize, serialize } from 'node:v8';
import { VFile } from 'vfile';
import type { Point, Position } from 'unist';
import type { LoadedIssue } from '../issue/issue-loader.js';
import type { Issue } from '../model/types.js';
import { hasErrors } from '../diagnostics/messages.js';
import { writeFileAtomic } from '../output/write-atomic.js';
import { isFinishedReading, type PageReading } from '../print/page-readings.js';
import type { EarlierPrint, KeptPrint } from '../print/print-job.js';
import { isTwinFonts } from '../print/print-facts.js';
import { isKeptDocument } from '../print/kept-document.js';
import { isFinishedBefore } from '../print/finished-before.js';
import type { RewrittenSection } from '../web/rewrite-html.js';

/*
 * Issue models kept between builds, in the output folder. An issue whose files, config,
 * folder, templates' catalogues, fonts and tool are those a model was made from (its
 * `modelKey`, worked out in up-to-date.ts) has that model again, and its Markdown is
 * not parsed, checked and hyphenated anew: what a rebuild with --force or with new
 * templates spends most of its own work on. Only models without errors are kept, with
 * their warnings, which are reported again as the first time.
 */

/** The folder of kept models in an output folder; like the other `.bulletin-*` records, not part of the site. */
export const modelStoreFolderName = '.bulletin-models';

/** Changes whenever what is stored changes shape; a file of another format is not read. */
const storeFormat = 1;

/** The most a kept model may inflate to: the sample issue's is 0.2 MB. */
const maxModelBytes = 256 * 2 ** 20;

// zlib is loaded when a model is read or kept: a build of issues all up to date does neither.
async function inflate(data: Buffer, maxOutputLength: number): Promise<Buffer> {
  const { gunzip } = await import('node:zlib');
  return new Promise((resolve, reject) => gunzip(data, { maxOutputLength }, (error, inflated) => (error ? reject(error) : resolve(inflated))));
}

async function deflate(text: string): Promise<Buffer> {
  const { gzip } = await import('node:zlib');
  return promisify(gzip)(text);
}

export interface ModelStore {
  /** The model last kept for the folder, if it was made from inputs with this key. */
  read(dir: string, modelKey: string): Promise<LoadedIssue | undefined>;
  /** Keeps a model without errors (one with errors is compiled again, to be reported again), to be written by `save`. */
  keep(dir: string, modelKey: string, loaded: LoadedIssue): void;
  /**
   * Writes the models kept, once the build wrote its outputs: a build that writes
   * nothing leaves no record either. A model that cannot be written is simply not kept.
   */
  save(): Promise<void>;
  /**
   * The pages the issue's last print read (page-readings.ts), kept beside its model:
   * a build with --force, or after a change of layout, prints most pages to the same
   * bytes, and does not read and rewrite them again. With them, the twins of tracked
   * fonts that print made (print-facts.ts), the document as it left it
   * (kept-document.ts) and what the build finished from it (finished-before.ts).
   * Written as soon as they are kept.
   */
  earlierPrint(dir: string): EarlierPrint;
  /**
   * The issue's sections as its last build rewrote them for its web pages (issue-pages.ts),
   * kept beside its model: a build over a kept model rewrites none, and loads no HTML
   * parser. Written by `save`, with the models.
   */
  rewrittenSections(dir: string): KeptRewrites;
}

/** Sections as rewritten for the web, by the key of what each was rewritten from (issue-pages.ts). */
export interface KeptRewrites {
  read(): Promise<ReadonlyMap<string, RewrittenSection> | undefined>;
  keep(sections: ReadonlyMap<string, RewrittenSection>): void;
}

/** Printed pages as stored: read only by the code that wrote them (`toolKey`), since their text layer is that code's. */
interface StoredPages {
  format: number;
  toolKey: string;
  dir: string;
  pages: ReadonlyMap<string, unknown>;
  twinFonts: unknown;
  document: unknown;
  finished: unknown;
}

interface StoredMessage {
  reason: string;
  place: Point | Position | undefined;
  ruleId: string | undefined;
  source: string | undefined;
  fatal: boolean | undefined;
}

interface StoredModel {
  format: number;
  modelKey: string;
  dir: string;
  issue: Issue;
  files: { path: string; messages: StoredMessage[] }[];
}

/**
 * `toolKey`: the version of bulletin (its code's fingerprint); printed pages kept by
 * another are not used.
 */
export function modelStore(outDir: string, edition: string | undefined, toolKey: string): ModelStore {
  // Compressed as soon as kept (in the thread pool, while the build goes on), written by `save`.
  const kept: { path: string; data: Promise<Buffer> }[] = [];
  const pagesWritten: Promise<unknown>[] = [];
  // One file per issue folder (and language version): a changed issue replaces its model.
  const nameOf = (dir: string) => join(outDir, modelStoreFolderName, createHash('sha256').update(`${dir}\0${edition ?? ''}`).digest('hex').slice(0, 24));
  const fileOf = (dir: string) => `${nameOf(dir)}.json.gz`;
  return {
    async read(dir, modelKey) {
      try {
        // Bounded: a planted file that inflates without end is refused, not followed.
        const stored = JSON.parse((await inflate(await readFile(fileOf(dir)), maxModelBytes)).toString('utf8')) as StoredModel;
        if (stored.format !== storeFormat || stored.modelKey !== modelKey || stored.dir !== dir) return undefined;
        return { dir, issue: stored.issue, files: stored.files.map(restoreFile) };
      } catch {
        // None kept, or unreadable (cut short, another format): the issue is compiled.
        return undefined;
      }
    },
    keep(dir, modelKey, loaded) {
      if (loaded.issue === undefined || hasErrors(loaded.files)) return;
      const stored: StoredModel = { format: storeFormat, modelKey, dir, issue: loaded.issue, files: loaded.files.map(storedFile) };
      const data = deflate(JSON.stringify(stored));
      data.catch(() => {});
      kept.push({ path: fileOf(dir), data });
    },
    async save() {
      await Promise.all([...kept.splice(0).map(async ({ path, data }) => writeFileAtomic(path, await data).catch(() => {})), ...pagesWritten.splice(0)]);
    },
    rewrittenSections: (dir) => keptRewrites(`${nameOf(dir)}.web`, dir, toolKey, (path, data) => kept.push({ path, data: Promise.resolve(data) })),
    earlierPrint: (dir) => ({
      read: () => readPrint(`${nameOf(dir)}.pages`, dir, toolKey),
      keep(print) {
        const written = Promise.resolve(print).then(async ({ pages, twinFonts, document, finished }) => {
          const stored: StoredPages = { format: pagesFormat, toolKey, dir, pages, twinFonts, document, finished };
          await writeFileAtomic(`${nameOf(dir)}.pages`, serialize(stored));
        });
        pagesWritten.push(written.catch(() => {}));
      },
    }),
  };
}

/** Changes whenever the stored rewrites change shape. */
const rewritesFormat = 1;

/** Rewritten sections as stored: read only by the code that wrote them (`toolKey`), since they are its output. */
interface StoredRewrites {
  format: number;
  toolKey: string;
  dir: string;
  sections: ReadonlyMap<string, RewrittenSection>;
}

function keptRewrites(path: string, dir: string, toolKey: string, write: (path: string, data: Buffer) => void): KeptRewrites {
  return {
    async read() {
      const stored = await readStored<StoredRewrites>(path, rewritesFormat, toolKey, dir);
      if (!(stored?.sections instanceof Map)) return undefined;
      // None kept, or of another shape: the sections are rewritten.
      return [...stored.sections].every(([key, value]) => typeof key === 'string' && isRewrittenSection(value)) ? stored.sections : undefined;
    },
    keep(sections) {
      write(path, serialize({ format: rewritesFormat, toolKey, dir, sections } satisfies StoredRewrites));
    },
  };
}

function isRewrittenSection(value: unknown): value is RewrittenSection {
  if (typeof value !== 'object' || value === null) return false;
  const { onePage, ownPage, firstParagraph } = value as Partial<Record<keyof RewrittenSection, unknown>>;
  return typeof onePage === 'string' && typeof ownPage === 'string' && typeof firstParagraph === 'string';
}

/** Changes whenever the stored pages change shape. */
const pagesFormat = 4;

async function readPrint(path: string, dir: string, toolKey: string): Promise<KeptPrint> {
  const pages = new Map<string, PageReading>();
  const none: KeptPrint = { pages, twinFonts: undefined, document: undefined, finished: undefined };
  const stored = await readStored<StoredPages>(path, pagesFormat, toolKey, dir);
  // None kept, or unreadable (cut short, another format): every page is read.
  if (!(stored?.pages instanceof Map)) return none;
  for (const [key, reading] of stored.pages) if (typeof key === 'string' && isFinishedReading(reading)) pages.set(key, reading);
  return {
    pages,
    twinFonts: isTwinFonts(stored.twinFonts) ? stored.twinFonts : undefined,
    document: isKeptDocument(stored.document) ? stored.document : undefined,
    finished: isFinishedBefore(stored.finished) ? stored.finished : undefined,
  };
}

/**
 * A record kept by a print or a build (v8-serialized), when it is of this format and was
 * written by this tool for this folder: what it holds is that code's output, and is
 * checked field by field by its reader. Undefined when there is none, or it cannot be read.
 */
async function readStored<Stored extends { format: number; toolKey: string; dir: string }>(path: string, format: number, toolKey: string, dir: string): Promise<Partial<Stored> | undefined> {
  try {
    const stored = deserialize(await readFile(path)) as Partial<Stored> | null;
    return stored?.format === format && stored.toolKey === toolKey && stored.dir === dir ? stored : undefined;
  } catch {
    return undefined;
  }
}

function storedFile(file: VFile): { path: string; messages: StoredMessage[] } {
  return {
    path: file.path,
    messages: file.messages.map((message) => ({
      reason: message.reason,
      place: message.place ?? undefined,
      ruleId: message.ruleId ?? undefined,
      source: message.source ?? undefined,
      fatal: message.fatal ?? undefined,
    })),
  };
}

function restoreFile(stored: { path: string; messages: StoredMessage[] }): VFile {
  const file = new VFile({ path: stored.path });
  for (const kept of stored.messages) {
    const message = file.message(kept.reason, {
      ...(kept.place === undefined ? {} : { place: kept.place }),
      ...(kept.ruleId === undefined ? {} : { ruleId: kept.ruleId }),
      ...(kept.source === undefined ? {} : { source: kept.source }),
    });
    message.fatal = kept.fatal;
  }
  return file;
}
