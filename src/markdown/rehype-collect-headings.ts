import type { Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { CollectedHeading } from './data.js';

/** Records every heading's level, id and text on `file.data.headings`, for the TOC model and the outline. */
export function rehypeCollectHeadings() {
  return (tree: Root, file: VFile): void => {
    const headings: CollectedHeading[] = [];
    visit(tree, 'element', (node) => {
      const level = /^h([1-6])$/.exec(node.tagName)?.[1];
      const id = node.properties['id'];
      if (level !== undefined && typeof id === 'string') {
        headings.push({ depth: Number(level), id, text: toString(node).trim() });
      }
    });
    file.data.headings = headings;
  };
}
