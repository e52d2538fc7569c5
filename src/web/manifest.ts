import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { monthString } from '../content/schema.js';
import { monthStart } from '../model/month.js';
import type { Issue, PdfSummary } from '../model/types.js';
import { issueView } from '../render/views.js';
import { manifestFileName } from './manifest-file.js';

/**
 * What the archive needs to know of a built issue, written beside its pages as
 * `issue.json`. The archive is made from these, so building one issue keeps the
 * others that are already in the output folder.
 */
export const manifestSchema = z.object({
  version: z.literal(1),
  id: monthString,
  year: z.number().int(),
  title: z.string(),
  subtitle: z.string(),
  monthLabel: z.string(),
  documentTitle: z.string(),
  lang: z.string(),
  organization: z.array(z.object({ lang: z.string(), name: z.string() })),
  /** The first day of the issue's month, ISO 8601. */
  published: z.string(),
  sections: z.array(z.object({ numeral: z.string(), title: z.string(), href: z.string() })),
  /** Paths are relative to the issue's folder. */
  pdf: z
    .object({
      href: z.string(),
      bytes: z.number().int(),
      pages: z.number().int(),
      /** The page of each contents entry, in order: the next build tries them first. */
      contentsPages: z.array(z.number().int()).optional(),
    })
    .nullable(),
  /** What the outputs were made from (site/up-to-date.ts): the same key, the same outputs. */
  buildKey: z.string().optional(),
  /** The issue's language versions (editions: null for the issue itself), for the sitemap's alternates. */
  versions: z.array(z.object({ edition: z.string().nullable(), lang: z.string(), stems: z.array(z.string()) })).optional(),
  /** The issue's pages have the search box: the site is indexed (site.search). Older manifests: yes. */
  search: z.boolean().optional(),
  /** The site's shared files the issue's pages use (stylesheet, icon, fonts, its images), from the site's root. */
  assets: z.array(z.string()).optional(),
});

export type IssueManifest = z.output<typeof manifestSchema>;

export { manifestFileName };
export type { PdfSummary };

export function sectionPageName(section: { fileStem: string }): string {
  return `${section.fileStem}.html`;
}

export function issueManifest(issue: Issue, pdf: PdfSummary | undefined, buildKey?: string, assets?: readonly string[]): IssueManifest {
  const view = issueView(issue);
  return {
    version: 1,
    id: issue.month.id,
    year: issue.month.year,
    title: issue.title,
    subtitle: issue.subtitle,
    monthLabel: view.monthLabel,
    documentTitle: view.documentTitle,
    lang: issue.lang,
    organization: issue.organization,
    published: monthStart(issue.month).toISOString(),
    sections: issue.sections.map((section) => ({ numeral: section.numeral, title: section.title, href: sectionPageName(section) })),
    pdf: pdf === undefined ? null : { href: pdf.fileName, bytes: pdf.bytes, pages: pdf.pages, contentsPages: pdf.contentsPages },
    search: issue.site.search,
    versions: issue.versions.map((version) => ({ edition: version.edition ?? null, lang: version.lang, stems: version.stems })),
    ...(buildKey === undefined ? {} : { buildKey }),
    ...(assets === undefined ? {} : { assets: [...assets].sort() }),
  };
}

/** The manifest of one output folder, or undefined when there is none (or it is not one). */
export async function readManifest(issueOutDir: string): Promise<IssueManifest | undefined> {
  const text = await readFile(join(issueOutDir, manifestFileName), 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The manifests of every issue in the output folder, newest first. A folder
 * whose manifest is missing or unreadable is not an issue of this site and is
 * left out.
 */
export async function readManifests(outDir: string): Promise<IssueManifest[]> {
  const entries = await readdir(outDir, { withFileTypes: true }).catch(() => []);
  const manifests: IssueManifest[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const text = await readFile(join(outDir, entry.name, manifestFileName), 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue;
    }
    const parsed = manifestSchema.safeParse(data);
    if (parsed.success && parsed.data.id === entry.name) manifests.push(parsed.data);
  }
  return manifests.sort((a, b) => b.id.localeCompare(a.id));
}
