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
import { rehypeCollectLinks } from './rehype-collect-links.js';
import { rehypeSectionLinks } from './rehype-section-links.js';
import { remarkCheckFootnotes } from './remark-check-footnotes.js';
import { rehypeRawWhenNeeded } from './rehype-raw-when-needed.js';
import rehypeSanitize from 'rehype-sanitize';
import { rehypeFootnotes } from './rehype-footnotes.js';
import { rehypeReportUnsafe } from './rehype-report-unsafe.js';
import { sanitizeSchema } from './sanitize-schema.js';
import { rehypeCheckImageAlt } from './rehype-check-image-alt.js';
import { rehypeCheckCoverage } from './rehype-check-coverage.js';
import type { Coverage } from '../typography/coverage.js';
import { rehypeFigure } from './rehype-figure.js';
import { rehypeHeadingIds } from './rehype-heading-ids.js';
import { rehypeTableAlignment } from './rehype-table-alignment.js';
import { rehypeSmartPunctuation } from './rehype-smart-punctuation.js';
import { rehypeHyphenate } from './rehype-hyphenate.js';
import type { Hyphenator } from '../typography/hyphenate.js';
import { remarkFrontmatterData } from './remark-frontmatter-data.js';
import { remarkNestHeadings } from './remark-nest-headings.js';
import { remarkSectionNumbering } from './remark-section-numbering.js';

export interface MarkdownProcessorOptions {
  /** Schema of the file's front-matter. */
  frontmatterSchema: z.ZodType;
  /** The slugger: one per build, shared by its files so ids never clash. */
  slugger: Pick<GithubSlugger, 'slug'>;
  /** Prefix of generated ids (footnotes), unique per file for the same reason. */
  idPrefix: string;
  /** Set for section files: where the section stands in the issue. */
  section?: { ordinal: number };
  /** Section file name → section id, so links to `02-energy.md` become links to the section. */
  sectionFiles?: ReadonlyMap<string, string>;
  /** Language of the text when the file's front-matter sets none: the issue's. */
  lang: string;
  /** Hyphenates the text when given; one per build. */
  hyphenator?: Hyphenator;
  /** Which characters the shipped fonts draw: text in a script none draws is warned of. */
  coverage?: Coverage | undefined;
  /** The notes' heading and their back-links' label, in the language (templates/locales). */
  labels?: { notes: string; backToReference: (number: number) => string } | undefined;
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
    .use(remarkCheckFootnotes)
    // Before rehype: heading levels are fixed before ids and the outline are derived from them.
    .use(remarkNestHeadings, { top: 3 });
  if (options.section) processor.use(remarkSectionNumbering, { ordinal: options.section.ordinal });
  return (
    processor
      .use(remarkRehype, {
        // Raw HTML is parsed (rehype-raw) and then sanitized: only the allowlist survives.
        allowDangerousHtml: true,
        clobberPrefix: options.idPrefix,
        // A paragraph, not a heading: footnotes must not show up in the outline or the TOC.
        footnoteLabelTagName: 'p',
        footnoteLabel: options.labels?.notes ?? 'Notes',
        footnoteLabelProperties: { className: ['footnotes-label'] },
        footnoteBackLabel: (referenceIndex) => options.labels?.backToReference(referenceIndex + 1) ?? `Back to reference ${referenceIndex + 1}`,
      })
      .use(rehypeRawWhenNeeded)
      // Everything below this line sees only allowed content; what is removed is reported first.
      .use(rehypeReportUnsafe)
      .use(rehypeSanitize, sanitizeSchema)
      .use(rehypeCheckImageAlt)
      // Before smart punctuation and hyphenation: the text is still as typed, at its place.
      .use(rehypeCheckCoverage, { covered: options.coverage })
      .use(rehypeFootnotes, { idPrefix: options.idPrefix })
      .use(rehypeHeadingIds, { slugger: options.slugger })
      .use(rehypeFigure)
      .use(rehypeTableAlignment)
      // After the heading ids, so ids are slugs of the text as typed.
      .use(rehypeSmartPunctuation, { lang: options.lang })
      .use(rehypeSectionLinks, { sections: options.sectionFiles ?? new Map() })
      // After every change of text, so no later stage sees words without their soft hyphens.
      .use(rehypeHyphenate, { lang: options.lang, hyphenator: options.hyphenator })
      // Last, so they see the final ids and image sources.
      .use(rehypeCollectHeadings)
      .use(rehypeCollectImages)
      .use(rehypeCollectLinks)
      .use(rehypeStringify)
  );
}
