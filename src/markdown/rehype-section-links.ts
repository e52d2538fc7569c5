import type { Root } from 'hast';
import { visit } from 'unist-util-visit';

export interface SectionLinksOptions {
  /** Section file name (`02-energy.md`) → the section's id (`energy`). */
  sections: ReadonlyMap<string, string>;
}

/**
 * Authors link to another section by its file, as Markdown previews expect:
 * `[energy](02-energy.md)`. In the bulletin that is a link to the section:
 * `#energy`, or to the heading the link names: `02-energy.md#prices` → `#prices`.
 */
export function rehypeSectionLinks(options: SectionLinksOptions) {
  return (tree: Root): void => {
    visit(tree, 'element', (node) => {
      const href = node.properties['href'];
      if (node.tagName !== 'a' || typeof href !== 'string') return;
      const match = /^(?:\.\/)?([^/?#]+\.md)(#.*)?$/.exec(href);
      const id = match?.[1] === undefined ? undefined : options.sections.get(match[1]);
      if (id !== undefined) node.properties['href'] = match?.[2] ?? `#${id}`;
    });
  };
}
