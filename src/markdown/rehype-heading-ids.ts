import type GithubSlugger from 'github-slugger';
import type { Root } from 'hast';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

export interface HeadingIdsOptions {
  /**
   * Slugger shared by all files of one issue, so ids stay unique on the single-page
   * edition. Create a new one per build.
   */
  slugger: Pick<GithubSlugger, 'slug'>;
}

const headingTag = /^h[1-6]$/;

/** Gives every heading without an id a stable slug of its text. */
export function rehypeHeadingIds(options: HeadingIdsOptions) {
  return (tree: Root): void => {
    visit(tree, 'element', (node) => {
      if (headingTag.test(node.tagName) && node.properties['id'] === undefined) {
        node.properties['id'] = options.slugger.slug(toString(node));
      }
    });
  };
}
