import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { getDocument, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

const run = promisify(execFile);

/** A run of text on a page, with its baseline position (points from the bottom left) and size. */
export interface TextRun {
  text: string;
  x: number;
  y: number;
  width: number;
  size: number;
}

export interface PdfPage {
  number: number;
  height: number;
  runs: TextRun[];
  /** Links on the page, with the page each one leads to. */
  links: Array<{ targetPage: number | undefined }>;
}

export interface ReadPdf {
  pages: PdfPage[];
  outline: Array<{ title: string; page: number | undefined; children: number }>;
  document: PDFDocumentProxy;
}

/** Reads a PDF back the way a viewer does: text with positions, links, outline. */
export async function readPdf(path: string): Promise<ReadPdf> {
  const data = new Uint8Array(await readFile(path));
  const document = await getDocument({ data, verbosity: 0, useSystemFonts: false, isEvalSupported: false }).promise;
  const pageOf = async (destination: unknown): Promise<number | undefined> => {
    const explicit = typeof destination === 'string' ? await document.getDestination(destination) : destination;
    if (!Array.isArray(explicit) || explicit[0] === undefined) return undefined;
    return (await document.getPageIndex(explicit[0] as { num: number; gen: number })) + 1;
  };

  const pages: PdfPage[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const content = await page.getTextContent();
    const runs: TextRun[] = [];
    for (const item of content.items) {
      if (!('str' in item) || item.str.trim() === '') continue;
      const [, , , scaleY = 0, x = 0, y = 0] = item.transform as number[];
      runs.push({ text: item.str, x, y, width: item.width, size: Math.abs(scaleY) });
    }
    const links = [];
    for (const annotation of await page.getAnnotations()) {
      if (annotation.subtype === 'Link' && annotation.dest !== undefined && annotation.dest !== null) {
        links.push({ targetPage: await pageOf(annotation.dest) });
      }
    }
    pages.push({ number, height: page.view[3] ?? 0, runs, links });
  }

  const outline = [];
  for (const item of (await document.getOutline()) ?? []) {
    outline.push({ title: item.title, page: await pageOf(item.dest), children: item.items.length });
  }
  return { pages, outline, document };
}

const millimetre = 72 / 25.4;

/**
 * The page's text as lines: runs on one baseline are joined, without a space where
 * one run ends where the next begins (Chromium starts a new run at every font
 * change, e.g. at each ə, which comes from the Latin Extended font file).
 */
export function pageLines(page: PdfPage): Array<{ text: string; y: number; size: number }> {
  const lines: Array<{ text: string; y: number; size: number; end: number }> = [];
  for (const run of page.runs) {
    const line = lines.at(-1);
    if (line !== undefined && Math.abs(line.y - run.y) < 1 && run.x >= line.end - 1) {
      line.text += run.x - line.end > run.size * 0.15 ? ` ${run.text}` : run.text;
      line.end = run.x + run.width;
      line.size = Math.max(line.size, run.size);
    } else {
      lines.push({ text: run.text, y: run.y, size: run.size, end: run.x + run.width });
    }
  }
  return lines.map(({ text, y, size }) => ({ text, y, size }));
}

/** Text in the page's top margin (the running header) and bottom margin (the folio). */
export function marginText(page: PdfPage, margins = { top: 24, bottom: 22 }): { header: string; footer: string } {
  const lines = pageLines(page);
  const header = lines.filter((line) => line.y > page.height - margins.top * millimetre).map((line) => line.text);
  const footer = lines.filter((line) => line.y < margins.bottom * millimetre).map((line) => line.text);
  return { header: header.join(' '), footer: footer.join(' ') };
}

/**
 * The body text of the pages, margins left out, lines joined as a reader would
 * copy them: with a space, except after a line that ends in a hyphen.
 */
export function bodyText(pages: readonly PdfPage[], margins = { top: 24, bottom: 22 }): string {
  const lines = pages.flatMap((page) =>
    pageLines(page).filter((line) => line.y <= page.height - margins.top * millimetre && line.y >= margins.bottom * millimetre),
  );
  return lines
    .map((line) => line.text.trim())
    .reduce((text, line) => (text === '' ? line : text.endsWith('-') ? text + line : `${text} ${line}`), '')
    .replace(/\s+/g, ' ');
}

/** `pdffonts` rows: name, type, embedded. */
export async function pdfFonts(path: string): Promise<Array<{ name: string; type: string; embedded: boolean }>> {
  const { stdout } = await run('pdffonts', [path]);
  return stdout
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      // Columns are fixed-width: name (37), type (18), encoding (17), emb …
      const name = line.slice(0, 37).trim();
      const type = line.slice(37, 55).trim();
      const embedded = line.slice(72, 76).trim() === 'yes';
      return { name, type, embedded };
    });
}

export async function pdfInfo(path: string): Promise<Record<string, string>> {
  const { stdout } = await run('pdfinfo', ['-isodates', path]);
  return Object.fromEntries(
    stdout
      .split('\n')
      .map((line) => /^([^:]+):\s*(.*)$/.exec(line))
      .filter((match): match is RegExpExecArray => match !== null)
      .map((match) => [match[1]!, match[2]!]),
  );
}

export async function pdfText(path: string, options: { layout?: boolean; first?: number; last?: number } = {}): Promise<string> {
  const args = [...(options.layout ? ['-layout'] : []), ...(options.first ? ['-f', String(options.first)] : []), ...(options.last ? ['-l', String(options.last)] : []), path, '-'];
  return (await run('pdftotext', args, { maxBuffer: 64 * 1024 * 1024 })).stdout;
}
