import type { PrintedLine } from './page-end-words.js';
import type { DecodeGlyph, FontUse } from './text-layer.js';

/**
 * What reading one printed page gave (pdf-text-layer.ts): its lines of text and, once
 * its text layer is finished, its content rewritten. A page's content is the same bytes
 * from one print to the next when its text did not move (Chromium writes each glyph by
 * its font's own id): after a one-word edit in a preview, two of twenty pages are new.
 */
export interface PageReading {
  /** The content as printed (one latin1 character per byte), until the text layer has rewritten it. */
  content: string | undefined;
  lines: PrintedLine[];
  /**
   * The text of every glyph the reading decoded, by font resource name and code. The
   * reading holds for a page with the same content only where its fonts still give the
   * same text (a font's ToUnicode covers the whole issue's use of it, and can change).
   */
  glyphs: Map<string, Map<number, string>>;
  /** The content with its text layer finished, deflated, and the fonts its glyph runs use. */
  finished: { content: Uint8Array; uses: FontUse[] } | undefined;
}

/** The pages of one issue read before, by their content's bytes (`pageContentKey`). */
export interface PageReadings {
  find(key: string): PageReading | undefined;
  keep(key: string, reading: PageReading): void;
  /** This print's pages whose text layer is finished, without the printed content: what a later build may be given (`forPrint`). */
  finished(): Map<string, PageReading>;
}

/** No reading is kept: each page is read anew. */
export const noPageReadings: PageReadings = { find: () => undefined, keep: () => {}, finished: () => new Map() };

/**
 * The page readings of the issues printed last, for a printer that prints the same issue
 * again (a preview after each save, or the passes of one print). Each issue keeps the
 * pages of its last print only, and only the issues printed last are kept, so a long
 * build holds no more than a few issues' pages.
 */
export interface PageReadingMemo {
  /**
   * The readings of `issue`'s last print, and where this print's go; call once per print.
   * `earlier`: the issue's pages as a build before this process printed them (kept on
   * disk by the build), for an issue this memo has not printed.
   */
  forPrint(issue: string, earlier?: ReadonlyMap<string, PageReading>): PageReadings;
}

export function createPageReadingMemo(keptIssues = 2): PageReadingMemo {
  const issues = new Map<string, Map<string, PageReading>>();
  return {
    forPrint(issue, earlier) {
      const last = issues.get(issue) ?? earlier ?? new Map<string, PageReading>();
      const current = new Map<string, PageReading>();
      // Most recent last: the first key is the issue printed longest ago.
      issues.delete(issue);
      issues.set(issue, current);
      for (const oldest of [...issues.keys()].slice(0, Math.max(0, issues.size - keptIssues))) issues.delete(oldest);
      return {
        find: (key) => current.get(key) ?? last.get(key),
        keep: (key, reading) => void current.set(key, reading),
        finished: () => finishedReadings(current),
      };
    },
  };
}

function finishedReadings(readings: ReadonlyMap<string, PageReading>): Map<string, PageReading> {
  const finished = new Map<string, PageReading>();
  for (const [key, { lines, glyphs, finished: done }] of readings) if (done !== undefined) finished.set(key, { content: undefined, lines, glyphs, finished: done });
  return finished;
}

/**
 * Whether a value read back from disk has a finished reading's shape (what `finished`
 * gives, as v8's serializer restores it): a file cut short or of another version is
 * not used.
 */
export function isFinishedReading(value: unknown): value is PageReading {
  if (typeof value !== 'object' || value === null) return false;
  const { content, lines, glyphs, finished } = value as Partial<Record<keyof PageReading, unknown>>;
  return (
    content === undefined &&
    Array.isArray(lines) &&
    lines.every((line: Partial<PrintedLine> | null) => typeof line?.baseline === 'number' && typeof line.text === 'string') &&
    glyphs instanceof Map &&
    [...glyphs].every(([font, codes]) => typeof font === 'string' && codes instanceof Map && [...codes].every(([code, text]) => typeof code === 'number' && typeof text === 'string')) &&
    typeof finished === 'object' &&
    finished !== null &&
    isFinishedContent(finished)
  );
}

function isFinishedContent(finished: object): boolean {
  const { content, uses } = finished as Partial<Record<'content' | 'uses', unknown>>;
  return content instanceof Uint8Array && Array.isArray(uses) && uses.every((use: Partial<FontUse> | null) => typeof use?.font === 'string' && (use.mcid === undefined || typeof use.mcid === 'number'));
}

/** `decode`, noting in `glyphs` each glyph it decodes. */
export function recordingGlyphs(decode: DecodeGlyph, glyphs: Map<string, Map<number, string>>): DecodeGlyph {
  return (font, code) => {
    const text = decode(font, code);
    let codes = glyphs.get(font);
    if (codes === undefined) glyphs.set(font, (codes = new Map()));
    codes.set(code, text);
    return text;
  };
}

/** Whether every glyph a reading decoded gives the same text with the page's fonts now. */
export function sameGlyphs(glyphs: ReadonlyMap<string, ReadonlyMap<number, string>>, decode: DecodeGlyph): boolean {
  for (const [font, codes] of glyphs) {
    for (const [code, text] of codes) if (decode(font, code) !== text) return false;
  }
  return true;
}
