import type { OrganizationName, Section, TocEntry } from '../model/types.js';
import type { FontFace } from '../fonts.js';
import type { IssueView } from './views.js';

/*
 * What each template is given, typed once: the templates are compiled Handlebars, which
 * check nothing, so the code that renders them is checked against these instead.
 */

/** What a page's head says about it: title, description, canonical link and Open Graph. */
export interface PageMeta {
  title: string;
  description: string;
  /** Absolute URL, when the site's URL is configured. */
  canonical: string | undefined;
  ogType: 'website' | 'article';
  siteName: string;
  locale: string;
}

/** The print edition as the web pages link it. */
export interface PdfLink {
  href: string;
  /** e.g. "1.2 MB". */
  size: string;
  pages: number;
}

/** The search box (templates/partials/search.hbs), when the site has search. */
export interface SearchBox {
  /** URL of the box's script, from the page. */
  script: string;
  /** URL of the Pagefind index folder, from the page, ending in `/`. */
  bundle: string;
}

/** The same page in one language version: the language switch, and `<link rel="alternate" hreflang>`. */
export interface LanguageLink {
  lang: string;
  /** The language's name in itself: "Azərbaycan". */
  name: string;
  /** From the page, for the switch. */
  href: string;
  /** For the alternate link: absolute when the site's address is known. */
  alternateHref: string;
  /** The page's own language. */
  current: boolean;
}

/** What every page of an issue's web edition has around its content. */
export interface IssuePageChrome extends IssueView {
  search: SearchBox | undefined;
  /** The page in each language version of the issue that has it; empty with one version. */
  languages: readonly LanguageLink[];
  stylesheet: string;
  favicon: string;
  archiveHref: string;
  contentsHref: string;
  allHref: string;
  meta: PageMeta;
  pdf: PdfLink | undefined;
}

/** templates/web/issue.hbs: the issue's front page. */
export interface WebIssueData extends IssuePageChrome {
  foreword: string | undefined;
  /** The page of each contents entry's section. */
  tocHrefs: string[];
}

/** templates/web/all.hbs: the whole issue on one page. */
export interface WebAllData extends IssuePageChrome {
  foreword: string | undefined;
}

export interface PageLink {
  href: string;
  numeral: string;
  title: string;
}

/** "Section 3 of 7", with the pages before and after. */
export interface Pagination {
  position: number;
  total: number;
  previous: PageLink | undefined;
  next: PageLink | undefined;
}

/** templates/web/section.hbs: one section. */
export interface WebSectionData extends IssuePageChrome {
  section: Section;
  pagination: Pagination;
}

/** An issue in the archive, from its manifest, with addresses from the site's root. */
export interface ArchiveIssue {
  id: string;
  title: string;
  subtitle: string;
  href: string;
  allHref: string;
  sections: ReadonlyArray<{ numeral: string; title: string; href: string }>;
  pdf: PdfLink | undefined;
}

/** templates/web/archive.hbs: every issue, newest first, by year. */
export interface WebArchiveData {
  lang: string;
  title: string;
  organization: readonly OrganizationName[];
  years: ReadonlyArray<{ year: number; issues: readonly ArchiveIssue[] }>;
  stylesheet: string;
  favicon: string;
  feedHref: string | undefined;
  meta: PageMeta;
  search: SearchBox | undefined;
  /** The archive in each language the site has; empty with one. */
  languages: readonly LanguageLink[];
}

/** templates/feeds/sitemap.xml.hbs: absolute URLs. */
export interface SitemapData {
  pages: readonly string[];
  /** The same pages, each with its language versions (`xhtml:link` alternates). */
  urls: ReadonlyArray<{ loc: string; alternates: ReadonlyArray<{ lang: string; href: string }> }>;
}

/** templates/feeds/atom.xml.hbs. */
export interface AtomFeedData {
  title: string;
  siteUrl: string;
  feedUrl: string;
  updated: string;
  author: string;
  entries: ReadonlyArray<{ id: string; title: string; subtitle: string; url: string; published: string; pdfUrl: string | undefined; pdfBytes: number | undefined }>;
}

/** templates/preview/shell.hbs. */
export interface PreviewShellData {
  issueName: string;
  /** The previewed issue's language: the preview's own words are in it. */
  lang: string;
}

/** templates/styles/fonts.css.hbs: the `@font-face` rules. */
export interface FontsCssData {
  fonts: ReadonlyArray<FontFace & { fileName: string }>;
  /** URL prefix the font files are served under. */
  fontBase: string;
}

/** templates/print/page.css.hbs: the print edition's page boxes. */
export interface PageCssData {
  page: { width: number; height: number; margin: { top: number; right: number; bottom: number; left: number } };
  header: { left?: string; center?: string; right?: string };
  pageOfTotal: boolean;
  documentTitle: string;
}

/** templates/print/issue.hbs: the document Chromium prints. */
export interface PrintIssueData extends Omit<IssueView, 'toc'> {
  toc: readonly TocEntry[];
  fontsCss: string;
  css: string;
  columns: 1 | 2;
  justify: boolean;
  showPages: boolean;
  /** Printed where a contents entry has no page yet, as wide as the widest number. */
  pagePlaceholder: string;
}
