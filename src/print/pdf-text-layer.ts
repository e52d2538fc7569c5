import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { PDFArray, PDFDict, PDFName, PDFRawStream, PDFRef, decodePDFRawStream, type PDFDocument, type PDFPage } from 'pdf-lib';
import { parseContentStream, serializeContentStream, UnsupportedContentError, type ContentOperation } from './content-stream.js';
import { noPageReadings, recordingGlyphs, sameGlyphs, type PageReading, type PageReadings } from './page-readings.js';
import { widenFont } from './font-tracking.js';
import { rewriteOutline } from './pdf-outline.js';
import { mapNonStandardRoles, takeMarkedElements, type MarkedElement } from './pdf-structure-tree.js';
import type { PrintFacts } from './print-facts.js';
import { dropSoftHyphenGlyphs, fontUses, markArtifacts, markLineEndHyphens, printedLines, type DecodeGlyph, type FontUse } from './text-layer.js';
import type { PrintedLine } from './page-end-words.js';
import { parseToUnicode } from './to-unicode.js';

/** A page and what reading it gave, or `undefined` where its content cannot be rewritten. */
interface PrintedPage {
  page: PDFPage;
  reading: PageReading | undefined;
}

/** A printed PDF's pages with what reading them gave, and its lines of document text. */
export interface PrintedText {
  /**
   * Each page's reading, with its decoded content. The operations are not kept: a page
   * has thousands, and holding every page's until the text layer is finished made the
   * garbage collector copy them from one generation to the next (a third of the
   * reading's time, measured). Parsed again where they are rewritten, they die young.
   */
  pages: PrintedPage[];
  /** Each page's lines of document text (page-end-words.ts reads them). */
  lines: PrintedLine[][];
  toUnicode: Map<string, Map<number, string>>;
}

/**
 * Reads every page's lines of text, for the printer to look for words broken at page
 * ends (page-end-words.ts) and to check the contents (contents-check.ts). A page whose
 * content is the bytes of one in `readings`, with the same text for every glyph it
 * shows, is not read again.
 */
export function readPrintedText(document: PDFDocument, readings: PageReadings = noPageReadings): PrintedText {
  const toUnicode = new Map<string, Map<number, string>>();
  const pages = document.getPages().map((page): PrintedPage => {
    const key = pageContentKey(document, page);
    if (key === undefined) return { page, reading: undefined };
    const glyphText = glyphTextOf(document, page, toUnicode);
    const kept = readings.find(key);
    const reading = kept !== undefined && sameGlyphs(kept.glyphs, glyphText) ? kept : readPage(document, page, glyphText);
    if (reading !== undefined) readings.keep(key, reading);
    return { page, reading };
  });
  return { pages, lines: pages.map(({ reading }) => reading?.lines ?? []), toUnicode };
}

function readPage(document: PDFDocument, page: PDFPage, glyphText: DecodeGlyph): PageReading | undefined {
  const content = readContent(document, page);
  const operations = content === undefined ? undefined : parsePrinted(content);
  if (operations === undefined) return undefined;
  const glyphs = new Map<string, Map<number, string>>();
  return { content, lines: printedLines(operations, recordingGlyphs(glyphText, glyphs)), glyphs, finished: undefined };
}

/**
 * Makes the printed PDF read as it looks, for search, copy-paste, screen readers and
 * indexers: words whole (no soft-hyphen glyphs), hyphens at line ends kept as hyphens,
 * letter-spaced text read as words, running header, folios and decoration as
 * artifacts, structure types PDF 1.7 knows, bookmarks titled as written. Changes the
 * document in place; nothing visible changes. `text` is the document's content as
 * `readPrintedText` read it, when it was read already; a page it read before in another
 * print gets the content finished then.
 */
export function finishTextLayer(document: PDFDocument, facts: PrintFacts, text: PrintedText = readPrintedText(document)): void {
  const marked = takeMarkedElements(document);
  mapNonStandardRoles(document);
  const uses: PageFontUses[] = [];
  for (const { page, reading } of text.pages) {
    const finished = reading === undefined ? undefined : finishPage(reading, glyphTextOf(document, page, text.toUnicode));
    if (finished === undefined) continue;
    uses.push({ page, uses: finished.uses });
    writeContent(document, page, finished.content);
  }
  widenTrackedFonts(document, uses, marked, facts.tracking);
  rewriteOutline(document, facts.outline);
}

/** The page's content with its text layer finished (kept in the reading, which drops the printed content). */
function finishPage(reading: PageReading, glyphText: DecodeGlyph): PageReading['finished'] {
  if (reading.finished !== undefined) return reading.finished;
  const operations = reading.content === undefined ? undefined : parsePrinted(reading.content);
  if (operations === undefined) return undefined;
  const decode = recordingGlyphs(glyphText, reading.glyphs);
  const rewritten = markArtifacts(markLineEndHyphens(operations, (font, code) => decode(font, code) === '-'));
  // Node's zlib, not pdf-lib's deflate in JavaScript: several times faster on a page of glyphs.
  reading.finished = { content: deflateSync(Buffer.from(serializeContentStream(rewritten), 'latin1')), uses: fontUses(operations) };
  reading.content = undefined;
  return reading.finished;
}

/** A page's operations as printed, without the invisible soft-hyphen glyphs; `undefined` for content this reader does not rewrite. */
function parsePrinted(content: string): ContentOperation[] | undefined {
  try {
    return dropSoftHyphenGlyphs(parseContentStream(content));
  } catch (error) {
    // Content this reader does not rewrite keeps its bytes; the tests read every engine's text.
    if (error instanceof UnsupportedContentError) return undefined;
    throw error;
  }
}

/** The fonts a page's glyph runs use, and the marked content each stands in. */
interface PageFontUses {
  page: PDFPage;
  uses: FontUse[];
}

/** The text each glyph of a page's fonts stands for (their ToUnicode maps, read once per font). */
function glyphTextOf(document: PDFDocument, page: PDFPage, cache: Map<string, Map<number, string>>): (font: string, code: number) => string {
  const fontRef = pageFonts(page);
  return (font, code) => fontToUnicode(document, fontRef(font), cache).get(code) ?? '';
}

function contentRefs(page: PDFPage): PDFRef[] {
  const contents = page.node.get(PDFName.of('Contents'));
  const refs = contents instanceof PDFRef ? [contents] : contents instanceof PDFArray ? contents.asArray() : [];
  return refs.filter((ref): ref is PDFRef => ref instanceof PDFRef);
}

function readContent(document: PDFDocument, page: PDFPage): string | undefined {
  const streams = contentRefs(page).map((ref) => document.context.lookup(ref));
  if (streams.length === 0 || !streams.every((stream) => stream instanceof PDFRawStream)) return undefined;
  return (streams as PDFRawStream[]).map((stream) => decodeStream(stream).toString('latin1')).join('\n');
}

function writeContent(document: PDFDocument, page: PDFPage, deflated: Uint8Array): void {
  const [first, ...rest] = contentRefs(page);
  if (first === undefined) return;
  document.context.assign(first, document.context.stream(deflated, { Filter: 'FlateDecode' }));
  for (const ref of rest) document.context.delete(ref);
  page.node.set(PDFName.of('Contents'), first);
}

/**
 * A page's content streams by their bytes as stored (with the filters that decode them),
 * or `undefined` when a stream is not plain bytes: the same key, the same content.
 */
function pageContentKey(document: PDFDocument, page: PDFPage): string | undefined {
  const streams = contentRefs(page).map((ref) => document.context.lookup(ref));
  if (streams.length === 0 || !streams.every((stream) => stream instanceof PDFRawStream)) return undefined;
  const hash = createHash('sha1');
  for (const stream of streams as PDFRawStream[]) {
    hash.update(`${String(stream.dict.get(PDFName.of('Filter')))} ${String(stream.dict.get(PDFName.of('DecodeParms')))} ${stream.contents.length}\n`);
    hash.update(stream.contents);
  }
  return hash.digest('base64');
}

/** A stream's bytes, decoded: FlateDecode (all Chromium writes) with Node's zlib, anything else with pdf-lib. */
function decodeStream(stream: PDFRawStream): Buffer {
  const filter = stream.dict.get(PDFName.of('Filter'));
  if (filter instanceof PDFName && filter.decodeText() === 'FlateDecode' && stream.dict.get(PDFName.of('DecodeParms')) === undefined) return inflateSync(stream.contents);
  return Buffer.from(decodePDFRawStream(stream).decode());
}

/** The fonts a page's content names (`/F8`), by name. */
function pageFonts(page: PDFPage): (name: string) => PDFRef | undefined {
  const fonts = page.node.Resources()?.lookup(PDFName.of('Font'));
  const refs = new Map<string, PDFRef | undefined>();
  return (name) => {
    if (!refs.has(name)) {
      const ref = fonts instanceof PDFDict ? fonts.get(PDFName.of(name.replace(/^\//, ''))) : undefined;
      refs.set(name, ref instanceof PDFRef ? ref : undefined);
    }
    return refs.get(name);
  };
}

function fontToUnicode(document: PDFDocument, ref: PDFRef | undefined, cache: Map<string, Map<number, string>>): Map<number, string> {
  if (ref === undefined) return new Map();
  const cached = cache.get(ref.toString());
  if (cached !== undefined) return cached;
  const font = document.context.lookup(ref);
  const stream = font instanceof PDFDict ? font.lookup(PDFName.of('ToUnicode')) : undefined;
  const map = stream instanceof PDFRawStream ? parseToUnicode(Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1')) : new Map<number, string>();
  cache.set(ref.toString(), map);
  return map;
}

/**
 * Widens the fonts that letter-spaced elements have to themselves by their tracking
 * (see `widenFont`). A font that any other text uses, or two trackings share, is left
 * as it is: widening it would glue that text's words.
 */
function widenTrackedFonts(document: PDFDocument, pages: readonly PageFontUses[], marked: readonly MarkedElement[], tracking: readonly number[]): void {
  const trackings = new Map<string, { ref: PDFRef; values: Set<number>; elsewhere: boolean }>();
  for (const { page, uses } of pages) {
    const onPage = marked.map((element) => ({ mcids: element.mcids.get(page.ref.toString()), tracking: tracking[element.index] }));
    const fontRef = pageFonts(page);
    for (const use of uses) {
      const ref = fontRef(use.font);
      if (ref === undefined) continue;
      const entry = trackings.get(ref.toString()) ?? { ref, values: new Set<number>(), elsewhere: false };
      trackings.set(ref.toString(), entry);
      const owner = use.mcid === undefined ? undefined : onPage.find((element) => element.mcids?.has(use.mcid ?? -1));
      if (owner?.tracking === undefined) entry.elsewhere = true;
      else entry.values.add(owner.tracking);
    }
  }
  for (const { ref, values, elsewhere } of trackings.values()) {
    const [value] = values;
    if (!elsewhere && values.size === 1 && value !== undefined) widenFont(document, ref, value);
  }
}
