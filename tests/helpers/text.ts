/**
 * Text as a reader sees it, to compare outputs with sources. Outputs carry soft
 * hyphens (U+00AD) in their words, and a PDF line that ends at one also carries the
 * hyphen drawn there: both go, so words read whole.
 */
export function withoutSoftHyphens(text: string): string {
  return text.replace(/\u00ad(?:-\s*)?/g, '');
}

/**
 * Quotes, dashes, ellipses and no-break spaces folded to what authors type, so that
 * a source and its smartened output compare equal (and a changed word still does not).
 */
export function foldTypography(text: string): string {
  return withoutSoftHyphens(text)
    .replace(/[“”«»„"]/g, '"')
    .replace(/[‘’‚']/g, "'")
    .replace(/-{2,3}|[–—]/g, '-')
    .replace(/\.\.\.|…/g, '…')
    .replace(/\u00a0/g, ' ');
}

/**
 * Body text of a PDF as read by pdf.js, made comparable with its source: pdf.js drops
 * soft hyphens but keeps the hyphen drawn where a line breaks at one, which looks
 * the same as a real hyphen at a line end. So white space and hyphens are left out on
 * both sides; every other character still has to match, in order.
 */
export function printComparable(text: string): string {
  return foldTypography(text).replace(/[\s-]+/g, '');
}
