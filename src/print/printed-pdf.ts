/**
 * What the printer does with a printed PDF, in one module it imports when the first
 * print starts: pdf-lib takes about 0.1 s of CPU to load, which is better spent while
 * the browser prints than while it starts beside the check.
 */
import { PDFDocument } from 'pdf-lib';

export { destinationPages } from './pdf-destinations.js';
export { finishTextLayer, readPrintedText } from './pdf-text-layer.js';
export { applyPdfMetadata } from './pdf-metadata.js';

/** Reads a PDF Chromium printed; its metadata are set later (`applyPdfMetadata`). */
export function loadPrintedPdf(bytes: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(bytes, { updateMetadata: false });
}
