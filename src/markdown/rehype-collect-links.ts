import type { Root } from 'hast';
import { visit } from 'unist-util-visit';
import type { VFile } from 'vfile';

/**
 * Records the links of a file and every id it defines, on `file.data.links` and
 * `file.data.ids`, so links can be checked once the whole issue is known.
 */
export function rehypeCollectLinks() {
  return (tree: Root, file: VFile): void => {
    const links: NonNullable<VFile['data']['links']> = [];
    const ids: NonNullable<VFile['data']['ids']> = [];
    visit(tree, 'element', (node) => {
      const id = node.properties['id'];
      if (typeof id === 'string') ids.push({ id, position: node.position });
      const href = node.properties['href'];
      if (node.tagName === 'a' && typeof href === 'string') links.push({ url: href, position: node.position });
    });
    file.data.links = links;
    file.data.ids = ids;
  };
}
