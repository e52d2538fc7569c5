import { join } from 'node:path';
import { findConfigFile, loadConfig } from '../content/config.js';
import { issueEditions } from '../content/load-issue.js';
import { buildSite, type BuildOptions, type BuildReport } from './build-site.js';

/**
 * Builds every language version of the issues: the issues themselves into the output
 * folder (the main site), and each language version found beside them (`issue.az.md`,
 * `01-overview.az.md`) into its own site in a folder of the main one (`dist/az/`), with
 * its own archive, feed, sitemap and search. Each site's archive links the others'.
 */
export async function buildEditions(options: BuildOptions): Promise<BuildReport> {
  const editionsOf = new Map(await Promise.all(options.issueDirs.map(async (dir) => [dir, await issueEditions(dir)] as const)));
  const editions = [...new Set([...editionsOf.values()].flat())].sort();
  const siteLanguages = [{ edition: undefined, lang: await mainLanguage(options) }, ...editions.map((edition) => ({ edition, lang: edition }))];
  const main = await buildSite({ ...options, siteLanguages });
  const reports = [main];
  for (const edition of editions) {
    const issueDirs = options.issueDirs.filter((dir) => editionsOf.get(dir)?.includes(edition));
    reports.push(await buildSite({ ...options, issueDirs, outDir: join(options.outDir, edition), edition, siteLanguages }));
  }
  return { issues: reports.flatMap((report) => report.issues), ok: reports.every((report) => report.ok) };
}

/** The main site's language: the config's `lang` (each issue may say otherwise), English by default. */
async function mainLanguage(options: BuildOptions): Promise<string> {
  const [first] = options.issueDirs;
  const path = options.configPath ?? (first === undefined ? undefined : await findConfigFile(join(first, '..')));
  return (await loadConfig(path).catch(() => undefined))?.config.lang ?? 'en';
}
