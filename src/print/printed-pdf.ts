/**
 * What the printer does with a printed PDF, in one module it imports when the first
 * print starts: pdf-lib takes about 0.1 s of CPU to load, which is better spent while
 * the browser prints than while it starts beside the check.
 */
import { PDFDocument, ParseSpeeds } from 'pdf-lib';

export { destinationPages } from './pdf-destinations.js';
export { finishTextLayer, readPrintedText } from './pdf-text-layer.js';
export { applyPdfMetadata } from './pdf-metadata.js';

/**
 * Reads a PDF Chromium printed; its metadata are set later (`applyPdfMetadata`). At once:
 * by default pdf-lib waits for a timer every 100 objects, to keep a page responsive (a
 * printed issue has hundreds; measured 17.4 → 11.3 ms for the sample's 20 pages).
 */
export function loadPrintedPdf(bytes: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
}
