import { defaultSchema, type Schema } from 'hast-util-sanitize';

/**
 * What an author's content may contain, in both editions: GitHub's allowlist,
 * plus a few elements of prose (figures, abbreviations, marks, small print),
 * minus everything that runs, styles or reaches outside: scripts, styles, frames,
 * event handlers, and URLs other than web, mail and relative ones.
 */
export const sanitizeSchema: Schema = {
  ...defaultSchema,
  tagNames: [...(defaultSchema.tagNames ?? []), 'figure', 'figcaption', 'abbr', 'mark', 'small', 'cite', 'dfn', 'time', 'u', 'caption'],
  attributes: {
    ...defaultSchema.attributes,
    // `translate="no"` marks a name: it is never hyphenated.
    '*': [...(defaultSchema.attributes?.['*'] ?? []), 'translate'],
    p: [['className', 'footnotes-label']],
    time: ['dateTime'],
    abbr: ['title'],
  },
  protocols: {
    href: ['http', 'https', 'mailto'],
    src: ['http', 'https'],
    cite: ['http', 'https'],
    longDesc: ['http', 'https'],
  },
  // Footnote ids are made per section by remark-rehype and linked to as they are:
  // prefixing them here would break the links.
  clobber: [],
  // Removed with their contents (the rest of a disallowed element's contents stays, as text).
  strip: ['script', 'style', 'template', 'noscript', 'iframe', 'object', 'embed', 'textarea', 'select', 'title', 'svg', 'math'],
};
