import type GithubSlugger from 'github-slugger';
import rehypeStringify from 'rehype-stringify';
import remarkFrontmatter from 'remark-frontmatter';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { z } from 'zod';
import './data.js';
import { rehypeCollectHeadings } from './rehype-collect-headings.js';
import { rehypeCollectImages } from './rehype-collect-images.js';
import { rehypeFigure } from './rehype-figure.js';
import { rehypeHeadingIds } from './rehype-heading-ids.js';
import { remarkFrontmatterData } from './remark-frontmatter-data.js';
import { remarkNestHeadings } from './remark-nest-headings.js';
import { remarkSectionNumbering } from './remark-section-numbering.js';

export interface MarkdownProcessorOptions {
  /** Schema of the file's front-matter. */
  frontmatterSchema: z.ZodType;
  /** The slugger: one per build, shared by its files so ids never clash. */
  slugger: GithubSlugger;
  /** Prefix of generated ids (footnotes), unique per file for the same reason. */
  idPrefix: string;
  /** Set for section files: where the section stands in the issue. */
  section?: { ordinal: number };
}

/**
 * The one Markdown pipeline, used for sections and for the foreword.
 * A new processor is made per file: options differ per file and nothing is shared.
 */
export function createMarkdownProcessor(options: MarkdownProcessorOptions) {
  const processor = unified()
    .use(remarkParse)
    .use(remarkFrontmatter, ['yaml'])
    .use(remarkFrontmatterData, { schema: options.frontmatterSchema })
    .use(remarkGfm)
    // Before rehype: heading levels are fixed before ids and the outline are derived from them.
    .use(remarkNestHeadings, { top: 3 });
  if (options.section) processor.use(remarkSectionNumbering, { ordinal: options.section.ordinal });
  return (
    processor
      .use(remarkRehype, {
        clobberPrefix: options.idPrefix,
        // A paragraph, not a heading: footnotes must not show up in the outline or the TOC.
        footnoteLabelTagName: 'p',
        footnoteLabel: 'Notes',
        footnoteLabelProperties: { className: ['footnotes-label'] },
        // "↩", the default, is in none of the shipped fonts; "↑" is in Noto's Latin subset.
        footnoteBackContent: '↑',
      })
      .use(rehypeHeadingIds, { slugger: options.slugger })
      .use(rehypeFigure)
      // Last, so they see the final ids and image sources.
      .use(rehypeCollectHeadings)
      .use(rehypeCollectImages)
      .use(rehypeStringify)
  );
}
