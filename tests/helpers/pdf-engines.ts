import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { init } from '@embedpdf/pdfium';
import * as mupdf from 'mupdf';

const run = promisify(execFile);

/** The engines behind most PDF readers other than pdf.js: Evince and indexers, SumatraPDF and zathura, Chrome's viewer. */
export type PdfEngine = 'poppler' | 'mupdf' | 'pdfium';
export const pdfEngines: readonly PdfEngine[] = ['poppler', 'mupdf', 'pdfium'];

/** The text of each page, as the engine extracts it for search and copy. */
export async function extractPages(engine: PdfEngine, path: string): Promise<string[]> {
  if (engine === 'poppler') {
    // Without -raw: poppler's own reading order, as Evince and indexers read the page.
    const { stdout } = await run('pdftotext', ['-enc', 'UTF-8', path, '-'], { maxBuffer: 64 * 1024 * 1024 });
    return stdout.split('\f').slice(0, -1);
  }
  const data = new Uint8Array(await readFile(path));
  return engine === 'mupdf' ? mupdfPages(data) : pdfiumPages(data);
}

function mupdfPages(data: Uint8Array): string[] {
  const document = mupdf.Document.openDocument(data, 'application/pdf');
  const pages: string[] = [];
  for (let index = 0; index < document.countPages(); index++) {
    const page = document.loadPage(index);
    pages.push(page.toStructuredText('preserve-whitespace').asText());
  }
  return pages;
}

async function pdfiumPages(data: Uint8Array): Promise<string[]> {
  const require = createRequire(import.meta.url);
  const wasmBinary = await readFile(require.resolve('@embedpdf/pdfium/pdfium.wasm'));
  const pdfium = await init({ wasmBinary: wasmBinary.buffer.slice(wasmBinary.byteOffset, wasmBinary.byteOffset + wasmBinary.byteLength) as ArrayBuffer });
  pdfium.PDFiumExt_Init();
  const memory = pdfium.pdfium.wasmExports;
  const dataPointer = memory.malloc(data.byteLength);
  // Emscripten's heap view; the package's types leave it out.
  (pdfium.pdfium as unknown as { HEAPU8: Uint8Array }).HEAPU8.set(data, dataPointer);
  const document = pdfium.FPDF_LoadMemDocument(dataPointer, data.byteLength, '');
  if (document === 0) throw new Error(`PDFium could not open the PDF (error ${pdfium.FPDF_GetLastError()}).`);
  const pages: string[] = [];
  try {
    for (let index = 0; index < pdfium.FPDF_GetPageCount(document); index++) {
      const page = pdfium.FPDF_LoadPage(document, index);
      const text = pdfium.FPDFText_LoadPage(page);
      const count = pdfium.FPDFText_CountChars(text);
      const buffer = memory.malloc((count + 1) * 2);
      pdfium.FPDFText_GetText(text, 0, count, buffer);
      pages.push(pdfium.pdfium.UTF16ToString(buffer));
      memory.free(buffer);
      pdfium.FPDFText_ClosePage(text);
      pdfium.FPDF_ClosePage(page);
    }
  } finally {
    pdfium.FPDF_CloseDocument(document);
    memory.free(dataPointer);
  }
  return pages;
}

const word = /\p{L}+/gu;

/**
 * The words a reader can search for in extracted text. A hyphen that ends a line is
 * read both ways, joined and not, as readers and indexers do: "negoti-" + "ations"
 * gives "negotiations", and "fibre-" + "optic" still gives "fibre" and "optic". A word
 * broken by anything else (a space, U+00AD, U+FFFE) is not found.
 */
export function searchableWords(text: string): Set<string> {
  const words = new Set<string>();
  const normalized = text.normalize('NFC');
  const joined = normalized.replace(/(\p{L})[-\u2010]\s*\n\s*(\p{L})/gu, '$1$2');
  for (const variant of [normalized, joined]) for (const found of variant.matchAll(word)) words.add(found[0].toLowerCase());
  return words;
}

/** The distinct words of `minLength` letters or more in `text`, lower-cased. */
export function longWords(text: string, minLength = 6): Set<string> {
  const words = new Set<string>();
  for (const found of text.normalize('NFC').matchAll(word)) if ([...found[0]].length >= minLength) words.add(found[0].toLowerCase());
  return words;
}
