import type { IssueVersion } from '../model/types.js';
import type { LanguageLink } from '../render/template-data.js';
import { absoluteUrl } from './format.js';

/** A language's name in itself, as a language switch shows it: "Azərbaycan", "English", "Русский". */
export function languageName(lang: string): string {
  let name: string | undefined;
  try {
    name = new Intl.DisplayNames([lang], { type: 'language' }).of(lang);
  } catch {
    name = undefined;
  }
  const shown = name ?? lang;
  return shown.charAt(0).toLocaleUpperCase(lang) + shown.slice(1);
}

/** Where a language version's site starts, from the main site's root: `` or `az/`. */
export function editionRoot(edition: string | undefined): string {
  return edition === undefined ? '' : `${edition}/`;
}

export interface VersionLinkOptions {
  /** The version whose page links: its site root is `rootFromPage` away. */
  current: string | undefined;
  /** From the page to its own edition's site root: `../` for an issue's page. */
  rootFromPage: string;
  /** The page's path from its edition's root: `2021-05/01-overview.html`. */
  path: string;
  /** Whether a version has the page (a version may lack a section). */
  has: (version: IssueVersion) => boolean;
  siteUrl: string | undefined;
}

/**
 * The page in every language version that has it, for the visible switch and for
 * `<link rel="alternate" hreflang>`: relative links for the switch, absolute ones for
 * the alternates when the site's address is known (search engines ask for them).
 * Empty when the issue has one version.
 */
export function versionLinks(versions: readonly IssueVersion[], options: VersionLinkOptions): LanguageLink[] {
  if (versions.length < 2) return [];
  // From the page to the main site's root: up out of its own edition's folder.
  const mainRoot = `${options.rootFromPage}${options.current === undefined ? '' : '../'}`;
  return versions.filter(options.has).map((version) => {
    const fromMain = `${editionRoot(version.edition)}${options.path}`;
    return {
      lang: version.lang,
      name: languageName(version.lang),
      href: `${mainRoot}${fromMain}`,
      alternateHref: options.siteUrl === undefined ? `${mainRoot}${fromMain}` : absoluteUrl(options.siteUrl, fromMain),
      current: version.edition === options.current,
    };
  });
}
