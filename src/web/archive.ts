import type { ArchiveIssue, LanguageLink } from '../render/template-data.js';
import { editionRoot, languageName } from './languages.js';
import type { Templates } from '../render/templates.js';
import { absoluteUrl, formatBytes } from './format.js';
import type { IssueManifest } from './manifest.js';
import { pageMeta } from './page-meta.js';
import { searchBundle } from './search-bundle.js';
import type { SiteFile } from './site-assets.js';

export interface ArchiveOptions {
  stylesheet: string;
  favicon: string;
  siteUrl: string | undefined;
  /** Site-relative path of the search box's script, when the site has search. */
  searchScript?: string | undefined;
  /** The languages the site has (its editions), and the one this archive is of. */
  languages?: { editions: ReadonlyArray<{ edition: string | undefined; lang: string }>; current: string | undefined; mainSiteUrl: string | undefined } | undefined;
}

/** The site's front page: every built issue, newest first, grouped by year. */
export function archivePage(manifests: readonly IssueManifest[], templates: Templates, options: ArchiveOptions): SiteFile {
  const newest = manifests[0];
  const organization = newest?.organization ?? [];
  const siteName = organization[0]?.name ?? 'Bulletin';
  const lang = newest?.lang ?? 'en';
  const t = templates.translate(lang);
  const title = t('archive-title', { title: newest?.title ?? 'Bulletin' });
  const years: Array<{ year: number; issues: ArchiveIssue[] }> = [];
  for (const manifest of manifests) {
    let group = years.at(-1);
    if (group?.year !== manifest.year) {
      group = { year: manifest.year, issues: [] };
      years.push(group);
    }
    group.issues.push({
      ...manifest,
      href: `${manifest.id}/index.html`,
      allHref: `${manifest.id}/all.html`,
      sections: manifest.sections.map((section) => ({ ...section, href: `${manifest.id}/${section.href}` })),
      pdf: manifest.pdf ? { href: `${manifest.id}/${manifest.pdf.href}`, size: formatBytes(manifest.pdf.bytes, manifest.lang), pages: manifest.pdf.pages } : undefined,
    });
  }
  return {
    path: 'index.html',
    contents: templates.webArchive({
      lang: newest?.lang ?? 'en',
      title,
      organization,
      years,
      stylesheet: options.stylesheet,
      favicon: options.favicon,
      feedHref: options.siteUrl === undefined ? undefined : 'feed.xml',
      search: options.searchScript === undefined ? undefined : { script: options.searchScript, bundle: `${searchBundle}/` },
      languages: archiveLanguages(options.languages),
      meta: pageMeta({
        title: `${title} — ${siteName}`,
        description: t('archive-description', { title: newest?.title ?? 'Bulletin', organization: siteName }),
        path: 'index.html',
        siteUrl: options.siteUrl,
        siteName,
        lang: newest?.lang ?? 'en',
      }),
    }),
  };
}

/** `sitemap.xml` and the Atom feed `feed.xml`: both need absolute URLs, so only with `site.url`. */
export function feeds(manifests: readonly IssueManifest[], templates: Templates, siteUrl: string, mainSiteUrl: string = siteUrl): SiteFile[] {
  const url = (path: string) => absoluteUrl(siteUrl, path);
  // Each page with the same page in the issue's other language versions (a version may lack a section).
  const withAlternates = (manifest: IssueManifest, path: string, stem?: string) => {
    const versions = (manifest.versions ?? []).filter((version) => stem === undefined || version.stems.includes(stem));
    const alternates = versions.length < 2 ? [] : versions.map((version) => ({ lang: version.lang, href: absoluteUrl(mainSiteUrl, `${editionRoot(version.edition ?? undefined)}${manifest.id}/${path}`) }));
    return { loc: url(`${manifest.id}/${path}`), alternates };
  };
  const urls = [
    { loc: url(''), alternates: [] },
    ...manifests.flatMap((manifest) => [
      withAlternates(manifest, ''),
      withAlternates(manifest, 'all.html'),
      ...manifest.sections.map((section) => withAlternates(manifest, section.href, section.href.replace(/\.html$/, ''))),
    ]),
  ];
  const pages = urls.map((entry) => entry.loc);
  const newest = manifests[0];
  const entries = manifests.map((manifest) => ({
    ...manifest,
    url: url(`${manifest.id}/`),
    pdfUrl: manifest.pdf ? url(`${manifest.id}/${manifest.pdf.href}`) : undefined,
    pdfBytes: manifest.pdf?.bytes,
  }));
  return [
    { path: 'sitemap.xml', contents: templates.sitemap({ pages, urls }) },
    {
      path: 'feed.xml',
      contents: templates.atomFeed({
        title: `${newest?.title ?? 'Bulletin'} — ${newest?.organization[0]?.name ?? ''}`.replace(/ — $/, ''),
        siteUrl: url(''),
        feedUrl: url('feed.xml'),
        updated: newest?.published ?? new Date(0).toISOString(),
        author: newest?.organization[0]?.name ?? 'bulletin',
        entries,
      }),
    },
  ];
}

/** The archive of each language the site has, from this one: the root of the site lists its languages. */
function archiveLanguages(languages: ArchiveOptions['languages']): LanguageLink[] {
  if (languages === undefined || languages.editions.length < 2) return [];
  const mainRoot = languages.current === undefined ? '' : '../';
  return languages.editions.map(({ edition, lang }) => ({
    lang,
    name: languageName(lang),
    href: `${mainRoot}${editionRoot(edition)}index.html`,
    alternateHref: languages.mainSiteUrl === undefined ? `${mainRoot}${editionRoot(edition)}index.html` : absoluteUrl(languages.mainSiteUrl, editionRoot(edition)),
    current: edition === languages.current,
  }));
}
