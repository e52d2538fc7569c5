import type { Element, Root } from 'hast';
import { visit } from 'unist-util-visit';

export interface FootnotesOptions {
  /** The file's id prefix: the footnotes' label gets it too, so sections on one page keep unique ids. */
  idPrefix: string;
}

const label = 'footnote-label';

/**
 * Finishes GFM footnotes after sanitizing. remark-rehype names every footnote
 * label `footnote-label`, leaving it to a sanitizer's prefix, which would also
 * break the footnote links: the label gets the file's prefix here instead, and
 * the references that point at it follow. The "back to the text" arrows are
 * drawn, not typed: "↩" and "↑" have no glyph in the shipped fonts, and a missing
 * glyph would pull in a font of the host (and content may not have SVG, so they
 * come after the sanitizer).
 */
export function rehypeFootnotes(options: FootnotesOptions) {
  const id = `${options.idPrefix}${label}`;
  return (tree: Root): void => {
    visit(tree, 'element', (node) => {
      if (node.properties['id'] === label) node.properties['id'] = id;
      const describedBy = node.properties['ariaDescribedBy'];
      if (Array.isArray(describedBy) && describedBy.includes(label)) {
        node.properties['ariaDescribedBy'] = describedBy.map((value) => (value === label ? id : value));
      }
      if (node.tagName === 'a' && node.properties['dataFootnoteBackref'] !== undefined) {
        const extra = node.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'sup');
        node.children = [arrow(), ...extra];
      }
    });
  };
}

function arrow(): Element {
  return {
    type: 'element',
    tagName: 'svg',
    properties: { className: ['footnote-back-arrow'], viewBox: '0 0 10 10', width: '0.7em', height: '0.7em', ariaHidden: 'true' },
    children: [{ type: 'element', tagName: 'path', properties: { d: 'M5 1 L9 5.5 H6.5 V9 H3.5 V5.5 H1 Z', fill: 'currentColor' }, children: [] }],
  };
}
