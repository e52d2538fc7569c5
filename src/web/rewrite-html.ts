import type { Element, Root } from 'hast';
import { toString } from 'hast-util-to-string';
import rehypeParse from 'rehype-parse';
import rehypeStringify from 'rehype-stringify';
import { unified } from 'unified';
import { visit } from 'unist-util-visit';
import { columnSizes } from './responsive-images.js';
import type { WebImage } from './site-assets.js';

export interface RewriteOptions {
  /** Path of an image or linked file in the issue folder (`images/chart.png`) → its URL from the page. */
  files: ReadonlyMap<string, string>;
  /** Path of an image in the issue folder → its size and its copies' URLs from the page, for `srcset`. */
  images?: ReadonlyMap<string, WebImage> | undefined;
  /**
   * Element id → the page that holds it (`03-transport.html`). A link to `#id` on another
   * page becomes `03-transport.html#id`; ids on the current page stay fragment links.
   */
  pageOfId?: ReadonlyMap<string, string>;
  currentPage?: string;
}

export interface RewrittenSection {
  /** As the issue on one page shows it, where every id is. */
  onePage: string;
  /** As the section's own page shows it: links to ids on other pages lead to those pages. */
  ownPage: string;
  /** Text of the first paragraph, for the page's description. */
  firstParagraph: string;
}

/**
 * A section for both pages that show it, the issue on one page and its own, from one
 * parse: parsing is most of the cost, and the two differ only in links to other pages.
 */
export function rewriteSection(html: string, options: RewriteOptions): RewrittenSection {
  const processor = unified().use(rehypeParse, { fragment: true }).use(rehypeStringify);
  const tree = processor.parse(html) as Root;
  const { firstParagraph, otherPageLinks } = rewriteTree(tree, options);
  const onePage = processor.stringify(tree);
  if (otherPageLinks.length === 0) return { onePage, ownPage: onePage, firstParagraph };
  for (const { node, href } of otherPageLinks) node.properties['href'] = href;
  return { onePage, ownPage: processor.stringify(tree), firstParagraph };
}

/** Rewrites the local files' addresses in place; returns the first paragraph's text and the links that lead to another page, with their address there. */
function rewriteTree(tree: Root, options: RewriteOptions): { firstParagraph: string; otherPageLinks: Array<{ node: Element; href: string }> } {
  let firstParagraph = '';
  const otherPageLinks: Array<{ node: Element; href: string }> = [];
  visit(tree, 'element', (node) => {
    // Soft hyphens out: the description is shown by search engines and link previews, which do not break lines.
    if (node.tagName === 'p' && firstParagraph === '') firstParagraph = toString(node).replace(/\u00ad/g, '').replace(/\s+/g, ' ').trim();
    const src = node.properties['src'];
    if (node.tagName === 'img' && typeof src === 'string') {
      const target = options.files.get(normalizeLocalPath(src));
      if (target !== undefined) node.properties['src'] = target;
      const image = options.images?.get(normalizeLocalPath(src));
      if (image !== undefined) offerSizes(node, image);
    }
    const href = node.properties['href'];
    if (node.tagName === 'a' && typeof href === 'string' && !href.startsWith('#')) {
      const target = options.files.get(normalizeLocalPath(href));
      if (target !== undefined) node.properties['href'] = `${target}${href.includes('#') ? href.slice(href.indexOf('#')) : ''}`;
    }
    if (node.tagName === 'a' && typeof href === 'string' && href.startsWith('#') && options.pageOfId) {
      const page = options.pageOfId.get(decodeURIComponent(href.slice(1)));
      if (page !== undefined && page !== options.currentPage) otherPageLinks.push({ node, href: `${page}${href}` });
    }
  });
  return { firstParagraph, otherPageLinks };
}

/**
 * Lets the browser choose among the image's copies by the width it is shown at, and
 * reserve its space before it loads (width and height, unless the author set them).
 */
function offerSizes(node: Element, image: WebImage): void {
  if (image.candidates.length > 1) {
    node.properties['srcSet'] = image.candidates.map((candidate) => `${encodeURI(candidate.path)} ${candidate.width}w`).join(', ');
    node.properties['sizes'] = columnSizes;
  }
  if (node.properties['width'] === undefined && node.properties['height'] === undefined) {
    node.properties['width'] = image.width;
    node.properties['height'] = image.height;
  }
  node.properties['decoding'] ??= 'async';
}

/** `./images/a%20b.png` → `images/a b.png`, the form the issue model lists local files in. */
export function normalizeLocalPath(src: string): string {
  let path = src.split(/[?#]/)[0] ?? src;
  try {
    path = decodeURI(path);
  } catch {
    // Keep a malformed escape as written; it then simply matches nothing.
  }
  return path.replace(/^(\.\/)+/, '');
}
