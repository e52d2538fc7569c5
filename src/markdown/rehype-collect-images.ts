import type { Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';
import type { CollectedImage } from './data.js';

const external = /^(?:[a-z][a-z0-9+.-]*:|\/\/|#)/i;

/** Records the images that point at files beside the Markdown (`file.data.images`) and those on the web (`file.data.remoteImages`). */
export function rehypeCollectImages() {
  return (tree: Root, file: VFile): void => {
    const images: CollectedImage[] = [];
    const remote: CollectedImage[] = [];
    visit(tree, 'element', (node) => {
      const src = node.properties['src'];
      if (node.tagName !== 'img' || typeof src !== 'string') return;
      if (/^(?:https?:)?\/\//i.test(src)) remote.push({ url: src, position: node.position });
      else if (!external.test(src)) images.push({ url: src, position: node.position });
    });
    file.data.images = images;
    file.data.remoteImages = remote;
  };
}
