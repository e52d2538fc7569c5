import type { PageMeta } from '../render/template-data.js';
import { absoluteUrl } from './format.js';

export type { PageMeta };

export interface PageMetaInput {
  title: string;
  description: string;
  /** Path of the page under the output folder, e.g. `2021-05/index.html`. */
  path: string;
  siteUrl: string | undefined;
  siteName: string;
  lang: string;
  ogType?: PageMeta['ogType'];
}

const maxDescription = 200;

export function pageMeta(input: PageMetaInput): PageMeta {
  // Canonical URLs name folders, not their index.html, as static hosts serve them.
  const path = input.path.replace(/(^|\/)index\.html$/, '$1');
  return {
    title: input.title,
    description: truncate(input.description, maxDescription),
    canonical: input.siteUrl === undefined ? undefined : absoluteUrl(input.siteUrl, path),
    ogType: input.ogType ?? 'website',
    siteName: input.siteName,
    locale: input.lang.replace('-', '_'),
  };
}

/** Cuts at a word boundary and adds an ellipsis. */
export function truncate(text: string, length: number): string {
  if (text.length <= length) return text;
  const cut = text.slice(0, length - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > length / 2 ? cut.slice(0, lastSpace) : cut).replace(/[\s,.;:]+$/, '')}…`;
}
