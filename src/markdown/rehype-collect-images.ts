import type { Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { CollectedImage } from './data.js';

const external = /^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i;

/** Records every image that points at a file beside the Markdown, on `file.data.images`. */
export function rehypeCollectImages() {
  return (tree: Root, file: VFile): void => {
    const images: CollectedImage[] = [];
    visit(tree, 'element', (node) => {
      const src = node.properties['src'];
      if (node.tagName === 'img' && typeof src === 'string' && !external.test(src)) {
        images.push({ url: src, position: node.position });
      }
    });
    file.data.images = images;
  };
}
