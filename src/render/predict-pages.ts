/**
 * Runs in the page before it is printed; no imports, as puppeteer sends its source.
 *
 * Predicts the page on which each element (by id) will be printed, so that the first
 * print of an issue built for the first time can already show the contents' page
 * numbers. Chromium has no paged layout outside printing, but its columns break content
 * with the same engine: the body is laid out for a moment as columns of the text
 * block's size, one column standing for one page (forced page breaks become column
 * breaks), and each element's page is the column its first box falls in. The printer
 * still reads the real pages back from the PDF; a wrong prediction costs one more print.
 *
 * The document is left as it was found. Returns one page number (1-based) per id, or 0
 * for an id that is not in the document.
 */
export function predictPages(ids: readonly string[], textBlock: { width: string; height: string }): number[] {
  const body = document.body;
  const forced = ['page', 'left', 'right', 'recto', 'verso'];
  const changed: Array<{ element: HTMLElement; property: 'breakBefore' | 'breakAfter'; value: string }> = [];
  for (const element of body.querySelectorAll<HTMLElement>('*')) {
    const style = getComputedStyle(element);
    for (const property of ['breakBefore', 'breakAfter'] as const) {
      if (forced.includes(style[property])) {
        changed.push({ element, property, value: element.style[property] });
        element.style[property] = 'column';
      }
    }
  }
  const saved = body.getAttribute('style');
  Object.assign(body.style, {
    width: textBlock.width,
    height: textBlock.height,
    columnWidth: textBlock.width,
    columnGap: '0',
    columnFill: 'auto',
    overflow: 'visible',
  });
  const origin = body.getBoundingClientRect().left;
  const columnWidth = body.getBoundingClientRect().width;
  const pages = ids.map((id) => {
    const box = document.getElementById(id)?.getClientRects()[0];
    if (box === undefined || !(columnWidth > 0)) return 0;
    // Half a pixel of slack: a box at a column's left edge may report a hair less.
    return Math.floor((box.left - origin + 0.5) / columnWidth) + 1;
  });
  // Read first: Chromium writes a pending inline style back into the attribute lazily,
  // and would bring back an empty one after its removal.
  body.getAttribute('style');
  if (saved === null) body.removeAttribute('style');
  else body.setAttribute('style', saved);
  for (const { element, property, value } of changed) element.style[property] = value;
  for (const { element } of changed) if (element.getAttribute('style') === '') element.removeAttribute('style');
  return pages;
}
