import type { Page } from 'puppeteer-core';
import { evaluateInTurn, pageCall } from './in-turn.js';

/**
 * Predicts the page on which each element (by id) will be printed, so that the first
 * print of an issue built for the first time can already show the contents' page
 * numbers. Chromium has no paged layout outside printing, but its columns break content
 * with the same engine: the body is laid out for a moment as columns of the text
 * block's size, one column standing for one page (forced page breaks become column
 * breaks), and each element's page is the column its first box falls in. The printer
 * still reads the real pages back from the PDF; a wrong prediction costs one more print.
 *
 * In the same layout, a word broken at a soft hyphen across a page or a column (the
 * rest of it stands higher up, at the top of the next one) loses its soft hyphens, so
 * that it moves whole to the next page or column: a reader, a search or an extractor
 * that reads a column's end then something else never meets half a word. The
 * paragraphs after it reflow, so this is repeated until no such break is left.
 *
 * The document is otherwise left as it was found. Returns one page number (1-based)
 * per id, or 0 for an id that is not in the document, and how many words were kept whole.
 */
export async function predictPages(page: Page, ids: readonly string[], textBlock: { width: string; height: string }): Promise<{ pages: number[]; wordsKeptWhole: number }> {
  try {
    // One evaluation (in-turn.ts): the paged layout is laid out only where it is measured.
    const [, wordsKeptWhole, pages] = await evaluateInTurn(page, [pageCall(layOutAsPages, textBlock), pageCall(keepWordsWholeAcrossColumns, 8), pageCall(pagesOfIds, ids), pageCall(restoreLayout)] as const);
    return { pages, wordsKeptWhole };
  } catch (error) {
    await page.evaluate(restoreLayout).catch(() => {});
    throw error;
  }
}

/** What `layOutAsPages` changed, kept on the window until `restoreLayout`. */
interface PagedLayout {
  bodyStyle: string | null;
  changed: Array<{ element: HTMLElement; property: 'breakBefore' | 'breakAfter'; value: string }>;
}

/** Runs in the page (no imports: puppeteer sends its source): lays the body out as columns of the text block's size. */
function layOutAsPages(textBlock: { width: string; height: string }): void {
  const body = document.body;
  const forced = ['page', 'left', 'right', 'recto', 'verso'];
  const layout: PagedLayout = { bodyStyle: body.getAttribute('style'), changed: [] };
  for (const element of body.querySelectorAll<HTMLElement>('*')) {
    const style = getComputedStyle(element);
    for (const property of ['breakBefore', 'breakAfter'] as const) {
      if (forced.includes(style[property])) {
        layout.changed.push({ element, property, value: element.style[property] });
        element.style[property] = 'column';
      }
    }
  }
  (window as unknown as { bulletinPagedLayout?: PagedLayout }).bulletinPagedLayout = layout;
  Object.assign(body.style, { width: textBlock.width, height: textBlock.height, columnWidth: textBlock.width, columnGap: '0', columnFill: 'auto', overflow: 'visible' });
}

/**
 * Runs in the page: takes the soft hyphens out of each word broken across a column (its
 * rest stands higher up), and again in the text that reflowed, at most `rounds` times
 * or until none is left. Returns how many.
 */
function keepWordsWholeAcrossColumns(rounds: number): number {
  const keepOnce = (): number => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    const top = (node: Text, index: number): number | undefined => {
      range.setStart(node, index);
      range.setEnd(node, index + 1);
      return range.getClientRects()[0]?.top;
    };
    const broken: Array<{ node: Text; start: number; end: number }> = [];
    for (let node = walker.nextNode() as Text | null; node !== null; node = walker.nextNode() as Text | null) {
      const text = node.data;
      if (!text.includes('\u00ad')) continue;
      // Only text that runs from one column into another can break a word across them:
      // one measure of the whole node spares measuring each of its soft hyphens.
      range.selectNodeContents(node);
      const lines = [...range.getClientRects()];
      if (!lines.some((line, index) => index > 0 && line.top < (lines[index - 1]?.top ?? 0) - 1)) continue;
      for (let index = text.indexOf('\u00ad'); index > 0 && index + 2 < text.length; index = text.indexOf('\u00ad', index + 1)) {
        const before = top(node, index - 1);
        // The letter right after a soft hyphen where the line breaks reports the box of the
        // hyphen drawn there, on the line before: its successor tells where the rest went.
        const after = top(node, index + 2);
        if (before === undefined || after === undefined || after >= before - 1) continue;
        let start = index;
        let end = index;
        while (start > 0 && /[\p{L}\u00ad]/u.test(text[start - 1] ?? '')) start--;
        while (end < text.length && /[\p{L}\u00ad]/u.test(text[end] ?? '')) end++;
        broken.push({ node, start, end });
      }
    }
    // From the last: taking characters out moves the offsets after them.
    for (const { node, start, end } of broken.reverse()) node.replaceData(start, end - start, node.data.slice(start, end).replace(/\u00ad/g, ''));
    return broken.length;
  };
  let kept = 0;
  for (let round = 0; round < rounds; round++) {
    const now = keepOnce();
    if (now === 0) break;
    kept += now;
  }
  return kept;
}

/** Runs in the page: the column (page) in which each id's first box stands, or 0. */
function pagesOfIds(ids: readonly string[]): number[] {
  const origin = document.body.getBoundingClientRect().left;
  const columnWidth = document.body.getBoundingClientRect().width;
  return ids.map((id) => {
    const box = document.getElementById(id)?.getClientRects()[0];
    if (box === undefined || !(columnWidth > 0)) return 0;
    // Half a pixel of slack: a box at a column's left edge may report a hair less.
    return Math.floor((box.left - origin + 0.5) / columnWidth) + 1;
  });
}

/** Runs in the page: undoes `layOutAsPages`. */
function restoreLayout(): void {
  const holder = window as unknown as { bulletinPagedLayout?: PagedLayout };
  const layout = holder.bulletinPagedLayout;
  if (layout === undefined) return;
  delete holder.bulletinPagedLayout;
  const body = document.body;
  // Read first: Chromium writes a pending inline style back into the attribute lazily,
  // and would bring back an empty one after its removal.
  body.getAttribute('style');
  if (layout.bodyStyle === null) body.removeAttribute('style');
  else body.setAttribute('style', layout.bodyStyle);
  for (const { element, property, value } of layout.changed) element.style[property] = value;
  for (const { element } of layout.changed) if (element.getAttribute('style') === '') element.removeAttribute('style');
}
