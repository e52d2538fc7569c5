import type { Heading, Root } from 'mdast';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { describe, expect, it } from 'vitest';
import { remarkNestHeadings } from '../../src/markdown/remark-nest-headings.js';

function depths(markdown: string, top?: number): number[] {
  const processor = unified().use(remarkParse).use(remarkNestHeadings, top === undefined ? {} : { top });
  const tree = processor.runSync(processor.parse(markdown)) as Root;
  return tree.children.filter((node): node is Heading => node.type === 'heading').map((node) => node.depth);
}

describe('remarkNestHeadings', () => {
  it('moves the shallowest heading to h3 and keeps relative depths', () => {
    expect(depths('# A\n\n## B\n\n# C')).toEqual([3, 4, 3]);
    expect(depths('## A\n\n### B')).toEqual([3, 4]);
  });
  it('honours the top option', () => {
    expect(depths('### A\n\n#### B', 2)).toEqual([2, 3]);
  });
  it('caps depth at h6', () => {
    expect(depths('# A\n\n## B\n\n### C\n\n#### D\n\n##### E')).toEqual([3, 4, 5, 6, 6]);
  });
  it('never skips a level below the heading before', () => {
    expect(depths('# A\n\n###### B')).toEqual([3, 4]);
    expect(depths('## A\n\n#### B\n\n##### C\n\n## D\n\n### E')).toEqual([3, 4, 5, 3, 4]);
    // A first heading deeper than the shallowest one stays directly below the section.
    expect(depths('### A\n\n## B')).toEqual([3, 3]);
  });
  it('leaves a tree without headings alone', () => {
    expect(depths('Just text.')).toEqual([]);
  });
});
