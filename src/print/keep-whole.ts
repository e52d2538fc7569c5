/**
 * Runs in the page before it is printed; no imports, as puppeteer sends its source.
 *
 * Chromium sometimes breaks a three-line paragraph as two lines and one, though
 * orphans and widows are both 2: it happens where a heading kept with its text
 * follows on the next page. A block of fewer lines than orphans + widows cannot be
 * broken within those rules at all, so such blocks get the class `keep-whole`
 * (break-inside: avoid), which Chromium honours. Lines are counted in the width of
 * the printed text block; the page is in print media already.
 *
 * Returns how many blocks were marked.
 */
export function markBlocksTooShortToSplit(textBlockWidth: string, minimumLines: number): number {
  const body = document.body;
  const previousWidth = body.style.width;
  body.style.width = textBlockWidth;
  // Every block measured first, then the short ones marked: a class set between two
  // measurements would make the next one lay the document out again, once per block.
  const short: HTMLElement[] = [];
  for (const element of document.querySelectorAll<HTMLElement>('.section p, .section li, .foreword p')) {
    // A list item with paragraphs or lists inside is judged by those.
    if (element.tagName === 'LI' && element.querySelector('p, ul, ol, blockquote, figure, table, pre') !== null) continue;
    const lineHeight = Number.parseFloat(getComputedStyle(element).lineHeight);
    if (!(lineHeight > 0)) continue;
    if (Math.round(element.getBoundingClientRect().height / lineHeight) < minimumLines) short.push(element);
  }
  for (const element of short) element.classList.add('keep-whole');
  body.style.width = previousWidth;
  return short.length;
}
