import type { TwinFonts } from './print-facts.js';
import type { Issue, TocEntry } from '../model/types.js';
import type { FontFace } from '../fonts.js';
import type { Templates } from '../render/templates.js';
import { issueView } from '../render/views.js';

/** Text of the running header's margin boxes. */
export interface RunningHeader {
  left?: string;
  center?: string;
  right?: string;
}

/**
 * Two names sit at the page's two edges, as in the printed bulletins (English
 * left, Azerbaijani right); one name, or more than two, are centred.
 */
export function runningHeader(issue: Pick<Issue, 'organization' | 'layout'>): RunningHeader {
  const names = issue.layout.header
    .map((lang) => issue.organization.find((name) => name.lang === lang)?.name)
    .filter((name): name is string => name !== undefined);
  const [first, second] = names;
  if (names.length === 2 && first !== undefined && second !== undefined) return { left: first, right: second };
  return { center: names.join(' · ') };
}

export interface PrintDocumentOptions {
  fonts: readonly FontFace[];
  /** URL prefix the font files are served under. */
  fontBase: string;
  /** The TOC to print; entries without a page print a placeholder of the same width. */
  toc: readonly TocEntry[];
}

/** The HTML that Chromium prints: cover with masthead and contents, then the sections. */
/** The print edition's page, in millimetres: A4 with the running header in the top margin. */
export const printPage = { width: 210, height: 297, margin: { top: 22, right: 20, bottom: 20, left: 20 } } as const;

/**
 * A length of the printed page's area as Chromium lays it out: in whole CSS pixels,
 * rounded up. Measured with Chromium 156: a page area of 642.3 or 642.52 px takes a
 * line of 642.95 px and not one of 643.05 px. A layout of the page's exact size in
 * millimetres therefore breaks some lines one word earlier than the print does.
 */
export function printedAreaLength(millimetres: number): string {
  return `${Math.ceil((millimetres * 96) / 25.4)}px`;
}

/**
 * Width of the text block, which sets the lines (and so the line count) of every
 * paragraph: 170 mm, laid out as 643 px. At 170 mm, the predictor's columns broke lines
 * one word earlier than the print, and 3 of the benchmark's 12 issues printed twice.
 */
export const textBlockWidth = printedAreaLength(printPage.width - printPage.margin.left - printPage.margin.right);

/** Height of the text block: what one page holds (255 mm, laid out as 964 px). */
export const textBlockHeight = printedAreaLength(printPage.height - printPage.margin.top - printPage.margin.bottom);

/**
 * The print tab's viewport: the text block. The document is laid out before it is
 * printed (its fonts loaded, short blocks measured, its pages predicted): at this width
 * its first layout already breaks lines as the print does, where at a browser's default
 * 800 px each step that measures at the text block's width laid it out anew.
 */
export const printViewport = { width: Number.parseInt(textBlockWidth, 10), height: Number.parseInt(textBlockHeight, 10) } as const;

/** The print document. */
export interface PrintDocument {
  html: string;
  /**
   * The twins of tracked fonts its issue's last print made, given to a tab that loads it
   * afresh (page-document.ts); read from disk meanwhile, and waited for only then.
   */
  twinFonts?: Promise<TwinFonts | undefined> | undefined;
  /**
   * The document as the issue's last print left it, when that was made from this one
   * (kept-document.ts): loaded instead by a tab that loads afresh, and waited for only then.
   */
  printedBefore?: Promise<string | undefined> | undefined;
}

export function renderPrintDocument(issue: Issue, templates: Templates, options: PrintDocumentOptions): PrintDocument {
  const view = issueView(issue);
  const header = runningHeader(issue);
  const pageCss = templates.pageCss({
    page: printPage,
    header,
    pageOfTotal: issue.layout.pageNumbers === 'page-of-total',
    documentTitle: view.documentTitle,
  });
  // The faces have a style element of their own: a tab that printed an issue keeps them
  // loaded for the next issue when this one is identical (page-document.ts).
  const fontsCss = templates.fontsCss({ fonts: options.fonts, fontBase: options.fontBase });
  const css = `${templates.printCss}\n${pageCss}`;
  // The placeholder is as wide as the widest page number can be, so the first
  // pass lays the TOC out exactly as the final one will.
  const pagePlaceholder = '0'.repeat(String(Math.max(99, issue.sections.length * 10)).length);
  const html = templates.printIssue({
    ...view,
    toc: options.toc,
    fontsCss,
    css,
    columns: issue.layout.columns,
    justify: issue.layout.justify,
    showPages: true,
    pagePlaceholder,
  });
  return { html };
}
