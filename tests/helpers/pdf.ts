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
  /** Links on the page, with the page each one leads to and the named destination, if it is one. */
  links: Array<{ targetPage: number | undefined; dest: string | undefined }>;
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
        links.push({ targetPage: await pageOf(annotation.dest), dest: typeof annotation.dest === 'string' ? annotation.dest : undefined });
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

/** The print edition's page margins in millimetres (templates/print/page.css.hbs). */
export const pageMargins = { top: 22, bottom: 20 };

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
export function marginText(page: PdfPage, margins = pageMargins): { header: string; footer: string } {
  const lines = pageLines(page);
  const header = lines.filter((line) => line.y > page.height - margins.top * millimetre).map((line) => line.text);
  const footer = lines.filter((line) => line.y < margins.bottom * millimetre).map((line) => line.text);
  return { header: header.join(' '), footer: footer.join(' ') };
}

/**
 * The body text of the pages, margins left out, lines joined with a space. Where a
 * line breaks after a hyphen or dash the space is not in the source: compare with
 * `withoutSpace` to check content regardless of line breaks.
 */
export function bodyText(pages: readonly PdfPage[], margins = pageMargins): string {
  const lines = pages.flatMap((page) =>
    pageLines(page).filter((line) => line.y <= page.height - margins.top * millimetre && line.y >= margins.bottom * millimetre),
  );
  return lines
    .map((line) => line.text.trim())
    .join(' ')
    .replace(/\s+/g, ' ');
}

/** Text with all white space removed: line breaks in print then do not matter, every character still does. */
export function withoutSpace(text: string): string {
  return text.replace(/\s+/g, '');
}

/** An image as drawn on a page: its pixel size and the box it fills, in points from the bottom left. */
export interface PlacedImage {
  page: number;
  pixelWidth: number;
  pixelHeight: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Every image drawn in the document, from the pages' drawing operations. */
export async function placedImages(pdf: ReadPdf): Promise<PlacedImage[]> {
  const { OPS } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const images: PlacedImage[] = [];
  for (let number = 1; number <= pdf.document.numPages; number++) {
    const page = await pdf.document.getPage(number);
    const operators = await page.getOperatorList();
    const stack: number[][] = [];
    let matrix = [1, 0, 0, 1, 0, 0];
    operators.fnArray.forEach((operator, index) => {
      const args = operators.argsArray[index] as unknown[];
      if (operator === OPS.save) stack.push(matrix);
      else if (operator === OPS.restore) matrix = stack.pop() ?? [1, 0, 0, 1, 0, 0];
      else if (operator === OPS.transform) matrix = multiply(args as number[], matrix);
      else if (operator === OPS.paintImageXObject) {
        const [, pixelWidth, pixelHeight] = args as [string, number, number];
        const [a = 0, , , d = 0, e = 0, f = 0] = matrix;
        images.push({ page: number, pixelWidth, pixelHeight, x: e, y: Math.min(f, f + d), width: Math.abs(a), height: Math.abs(d) });
      }
    });
  }
  return images;
}

function multiply(m: number[], n: number[]): number[] {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = m;
  const [a2 = 0, b2 = 0, c2 = 0, d2 = 0, e2 = 0, f2 = 0] = n;
  return [a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2];
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
