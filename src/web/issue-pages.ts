import { createHash } from 'node:crypto';
import type { Issue, Section } from '../model/types.js';
import type { PageLink, Pagination, PdfLink } from '../render/template-data.js';
import type { Templates } from '../render/templates.js';
import { issueView } from '../render/views.js';
import { formatBytes } from './format.js';
import { sectionPageName, type PdfSummary } from './manifest.js';
import { pageMeta } from './page-meta.js';
import type { RewriteOptions, RewrittenSection } from './rewrite-html.js';
import { searchBundle } from './search-bundle.js';
import { editionRoot, versionLinks } from './languages.js';
import type { SiteFile, WebImage } from './site-assets.js';

export interface IssuePagesOptions {
  /** Site-relative paths of the stylesheet and the icon. */
  stylesheet: string;
  favicon: string;
  /** Site-relative path of the search box's script, when the site has search. */
  searchScript?: string | undefined;
  /** Path of an image or linked file in the issue folder → site-relative path. */
  files: ReadonlyMap<string, string>;
  /** Path of an image in the issue folder → its size and narrower copies, site-relative. */
  images?: ReadonlyMap<string, WebImage> | undefined;
  siteUrl: string | undefined;
  /**
   * What the issue's last build made of its sections and foreword (a preview's, kept
   * between rebuilds; a build's, kept with the issue's model), and where to keep what
   * this one makes: one rewritten from the same HTML with the same addresses is not
   * parsed again.
   */
  rewritten?: RewritesBefore | undefined;
}

/** An issue's sections (and foreword) as a build rewrote them, by their HTML and everything they were rewritten with. */
export type Rewrites = ReadonlyMap<string, RewrittenSection>;

export interface RewritesBefore {
  last: Rewrites | undefined;
  /** Told of this build's rewrites (only those: an edited section's old rewrite is not kept). */
  keep(rewrites: Rewrites): void;
}

/** Each issue's rewrites (`Rewrites`), kept between a preview's rebuilds. */
export type RewrittenSections = Map<string, Rewrites>;

/** The issue's pages, given what they say of the PDF (`undefined`: no print edition). */
export type IssuePagesWithPdf = (pdf: PdfSummary | undefined) => SiteFile[];

/**
 * The web edition of one issue, as files under `<YYYY-MM>/`: the front page with
 * the contents, one page per section with previous/next links, and the whole
 * issue on one page. The sections' HTML is worked out first; the pages are made when
 * the PDF is known (its size and pages are on every page), so a build works the HTML
 * out while the browser prints.
 */
export async function issuePages(issue: Issue, templates: Templates, options: IssuePagesOptions): Promise<IssuePagesWithPdf> {
  const context = pageContext(issue, options);
  const { view, folder, common, meta, fileUrls, languages } = context;
  const pageOfId = new Map<string, string>();
  for (const section of issue.sections) {
    pageOfId.set(section.id, sectionPageName(section));
    for (const heading of section.headings) pageOfId.set(heading.id, sectionPageName(section));
  }
  const sectionOptions = { ...fileUrls, pageOfId };
  // Every section is rewritten with the same addresses: they are named once.
  const sectionAddresses = addressesOf(sectionOptions);
  const jobs = [
    ...issue.sections.map((section) => ({ html: section.html, options: { ...sectionOptions, currentPage: sectionPageName(section) }, addresses: sectionAddresses })),
    ...(issue.foreword ? [{ html: issue.foreword, options: fileUrls, addresses: addressesOf(fileUrls) }] : []),
  ];
  const rewritten = await rewriteAll(jobs, options.rewritten);
  const foreword = issue.foreword ? rewritten[issue.sections.length]!.ownPage : undefined;
  const wholeIssue = issue.sections.map((section, index) => ({ ...section, html: rewritten[index]!.onePage }));
  const sections = sectionPages(issue, templates, context, rewritten);
  return (summary) => {
    const pdf = summary && { href: summary.fileName, size: formatBytes(summary.bytes, issue.lang), pages: summary.pages };
    return [
      {
        path: `${folder}/index.html`,
        contents: templates.webIssue({
          ...common,
          languages: languages('index.html'),
          foreword,
          meta: meta('index.html', view.documentTitle, issue.subtitle),
          pdf,
          tocHrefs: issue.sections.map(sectionPageName),
        }),
      },
      {
        path: `${folder}/all.html`,
        contents: templates.webAll({
          ...common,
          languages: languages('all.html'),
          foreword,
          sections: wholeIssue,
          meta: meta('all.html', templates.translate(issue.lang)('whole-issue-title', { title: view.documentTitle }), issue.subtitle),
          pdf,
        }),
      },
      ...sections(pdf),
    ];
  };
}

/**
 * Each section for both pages that show it (`rewriteSection`), and the foreword, or as
 * the issue's last build rewrote them when their HTML and addresses are the same: a
 * preview's rebuild after a save in one section parses that one, and a build over a
 * kept model none, without loading the HTML parser. Only this build's are kept for the next.
 */
async function rewriteAll(jobs: ReadonlyArray<{ html: string; options: RewriteOptions; addresses: string }>, before: RewritesBefore | undefined): Promise<RewrittenSection[]> {
  const last = before?.last;
  const keys = jobs.map(({ html, options, addresses }) => createHash('sha256').update(`${addresses}\0${options.currentPage ?? ''}\0`).update(html).digest('base64'));
  const missing = keys.some((key) => !last?.has(key));
  const rewriter = missing ? await import('./rewrite-html.js') : undefined;
  const kept = new Map<string, RewrittenSection>();
  const rewritten = jobs.map(({ html, options }, index) => {
    const key = keys[index]!;
    const value = last?.get(key) ?? rewriter!.rewriteSection(html, options);
    kept.set(key, value);
    return value;
  });
  before?.keep(kept);
  return rewritten;
}

/** The addresses a rewrite puts in (files, images and their copies, the pages of ids), as a hash: with the page it is for and the HTML, all a rewrite is made from. */
function addressesOf(options: RewriteOptions): string {
  return createHash('sha256')
    .update(JSON.stringify([[...options.files], [...(options.images ?? [])], [...(options.pageOfId ?? [])]]))
    .digest('base64');
}

/** What every page of the issue shares: where it stands, its links, how its metadata is made. */
function pageContext(issue: Issue, options: IssuePagesOptions) {
  const view = issueView(issue);
  const folder = issue.month.id;
  // Pages of an issue sit one folder below the site's root.
  const root = '../';
  const siteName = issue.organization[0]?.name ?? issue.title;
  const filesFromPage = new Map([...options.files].map(([source, target]) => [source, `${root}${target}`]));
  const imagesFromPage = new Map(
    [...(options.images ?? [])].map(([source, image]) => [source, { ...image, candidates: image.candidates.map((candidate) => ({ ...candidate, path: `${root}${candidate.path}` })) }]),
  );
  const common = {
    ...view,
    stylesheet: `${root}${options.stylesheet}`,
    favicon: `${root}${options.favicon}`,
    archiveHref: `${root}index.html`,
    contentsHref: 'index.html',
    allHref: 'all.html',
    search: options.searchScript === undefined ? undefined : { script: `${root}${options.searchScript}`, bundle: `${root}${searchBundle}/` },
  };
  // A language version's pages are in its own folder of the site (az/2021-05/…).
  const meta = (path: string, title: string, description: string, ogType: 'website' | 'article' = 'website') =>
    pageMeta({ title, description, path: `${editionRoot(issue.edition)}${folder}/${path}`, siteUrl: options.siteUrl, siteName, lang: issue.lang, ogType });
  const languages = (page: string, stem?: string) =>
    versionLinks(issue.versions, { current: issue.edition, rootFromPage: root, path: `${folder}/${page}`, has: (version) => stem === undefined || version.stems.includes(stem), siteUrl: options.siteUrl });
  const fileUrls = { files: filesFromPage, images: imagesFromPage };
  return { view, folder, common, meta, fileUrls, languages };
}

/** One page per section, its links to other sections' headings made links to their pages (`rewritten`: each section's `ownPage`). */
function sectionPages(issue: Issue, templates: Templates, context: ReturnType<typeof pageContext>, rewritten: readonly RewrittenSection[]): (pdf: PdfLink | undefined) => SiteFile[] {
  const { view, folder, common, meta, languages } = context;
  return (pdf) =>
    issue.sections.map((section, index) => {
      const page = sectionPageName(section);
      const { ownPage: html, firstParagraph } = rewritten[index]!;
      return {
        path: `${folder}/${page}`,
        contents: templates.webSection({
          ...common,
          languages: languages(page, section.fileStem),
          section: { ...section, html },
          meta: meta(page, `${section.numeral}. ${section.title} — ${view.documentTitle}`, firstParagraph || issue.subtitle, 'article'),
          pagination: pagination(issue.sections, index),
          pdf,
        }),
      };
    });
}

export type { Pagination };

/** Where a section page stands among the issue's sections, and its neighbours. */
export function pagination(sections: readonly Section[], index: number): Pagination {
  const link = (section: Section | undefined): PageLink | undefined =>
    section && { href: sectionPageName(section), numeral: section.numeral, title: section.title };
  return { position: index + 1, total: sections.length, previous: link(sections[index - 1]), next: link(sections[index + 1]) };
}
