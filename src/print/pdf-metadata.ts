import { PDFName, PDFString, type PDFDocument } from 'pdf-lib';
import { renumberStructureIds } from './pdf-structure-ids.js';

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords: readonly string[];
  /** BCP 47 language of the document, written to the catalog's /Lang. */
  lang: string;
  creator: string;
  /** Creation and modification date: fixed by the input, so that the same input gives the same bytes. */
  date: Date;
}

/**
 * Writes the document information and the language, which Chromium leaves to the page
 * title and the clock, into the document as the printer loaded it to read its
 * destinations (parsed once). Dates come from the caller, never from now; the
 * structure's ids are renumbered, so the same input always gives the same bytes.
 */
export async function applyPdfMetadata(document: PDFDocument, metadata: PdfMetadata): Promise<{ pdf: Uint8Array; pages: number }> {
  document.setTitle(metadata.title, { showInWindowTitleBar: true });
  document.setAuthor(metadata.author);
  document.setSubject(metadata.subject);
  document.setKeywords([...metadata.keywords]);
  document.setCreator(metadata.creator);
  document.setProducer(metadata.creator);
  document.setCreationDate(metadata.date);
  document.setModificationDate(metadata.date);
  document.catalog.set(PDFName.of('Lang'), PDFString.of(metadata.lang));
  renumberStructureIds(document);
  // At once, not waiting for a timer every 50 objects (pdf-lib's default): 10.7 → 8.8 ms.
  const bytes = await document.save({ useObjectStreams: true, addDefaultPage: false, updateFieldAppearances: false, objectsPerTick: Number.POSITIVE_INFINITY });
  return { pdf: bytes, pages: document.getPageCount() };
}

