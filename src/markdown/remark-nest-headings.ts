import type { Heading, Root } from 'mdast';
import { visit } from 'unist-util-visit';

export interface NestHeadingsOptions {
  /** Level the shallowest heading of the file is moved to. Default 3 (below the h1 and the section's h2). */
  top?: number;
}

/**
 * Authors write their sub-headings at whatever level they like; inside a section
 * they must sit below the section's own heading. Shifts all headings so the
 * shallowest becomes `top`, keeping their relative depths (capped at h6), and never
 * deeper than one level below the heading before: a `####` after a `##` becomes the
 * `###` it stands for, since screen readers and the PDF's structure treat a skipped
 * level as a missing heading.
 */
export function remarkNestHeadings(options: NestHeadingsOptions = {}) {
  const top = options.top ?? 3;
  return (tree: Root): void => {
    const headings: Heading[] = [];
    visit(tree, 'heading', (node) => {
      headings.push(node);
    });
    if (headings.length === 0) return;
    const shallowest = Math.min(...headings.map((heading) => heading.depth));
    let previous = top - 1;
    for (const heading of headings) {
      const depth = Math.min(6, heading.depth - shallowest + top, previous + 1);
      heading.depth = depth as Heading['depth'];
      previous = depth;
    }
  };
}
