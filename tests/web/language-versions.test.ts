import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromHtml } from 'hast-util-from-html';
import { selectAll, select } from 'hast-util-select';
import { beforeAll, describe, expect, it } from 'vitest';
import { startPreview } from '../../src/preview/preview-server.js';
import { buildSite } from '../../src/site/build-site.js';
import { runCli } from '../helpers/cli.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';

const siteUrl = 'https://bulletin.example.org/';
const issues = ['2021-04', '2021-05'].map((month) => join(repoRoot, 'content', month));

interface Page {
  url: string;
  lang: string;
  alternates: Map<string, string>;
  switchLinks: Array<{ lang: string; href: string }>;
}

describe('language versions of an issue (the April sample and its Azerbaijani version)', () => {
  let outDir: string;
  const pages = new Map<string, Page>();

  beforeAll(async () => {
    outDir = await tempDir();
    const report = await buildSite({ issueDirs: issues, outDir });
    expect(report.ok).toBe(true);
    for (const path of (await readdir(outDir, { recursive: true })).filter((name) => name.endsWith('.html'))) {
      const tree = fromHtml(await readFile(join(outDir, path), 'utf8'));
      const alternates = new Map(selectAll('link[rel~=alternate][hreflang]', tree).map((link) => [String(link.properties['hrefLang']), String(link.properties['href'])]));
      const switchLinks = selectAll('.language-switch a', tree).map((link) => ({ lang: String(link.properties['hrefLang']), href: new URL(String(link.properties['href']), new URL(path, siteUrl)).href }));
      pages.set(new URL(path, siteUrl).href, { url: new URL(path, siteUrl).href, lang: String(select('html', tree)?.properties['lang']), alternates, switchLinks });
    }
  });

  it('builds the Azerbaijani version as a site of its own: pages, PDF name, archive, feed and search', async () => {
    const az = await readdir(join(outDir, 'az'));
    expect(az).toEqual(expect.arrayContaining(['2021-04', 'index.html', 'feed.xml', 'sitemap.xml', 'pagefind', 'assets']));
    expect((await readdir(join(outDir, 'az', '2021-04'))).filter((name) => name.endsWith('.html')).sort()).toEqual(['01-overview.html', '02-reconstruction.html', '03-demining.html', '04-vaccines.html', 'all.html', 'index.html']);
    expect(pages.get(`${siteUrl}az/2021-04/01-overview.html`)?.lang).toBe('az');
    expect(await readFile(join(outDir, 'az', 'feed.xml'), 'utf8')).toContain(`${siteUrl}az/2021-04/`);
  });

  it('links every page to its other-language versions, both ways, by hreflang and by a visible switch', () => {
    const versioned = [...pages.values()].filter((page) => page.url.includes('2021-04/'));
    expect(versioned.length).toBe(2 * (2 + 4));
    for (const page of versioned) {
      expect([...page.alternates.keys()].sort(), page.url).toEqual(['az', 'en']);
      // Each alternate is a page that exists, in that language, and names this page back.
      for (const [lang, href] of page.alternates) {
        const target = pages.get(href);
        expect(target, `${page.url} → ${href}`).toBeDefined();
        expect(target!.lang).toBe(lang);
        expect(target!.alternates.get(page.lang), `${href} → ${page.url}`).toBe(page.url);
      }
      // The switch links the one other language, to the same page.
      const other = page.lang === 'az' ? 'en' : 'az';
      expect(page.switchLinks).toEqual([{ lang: other, href: page.alternates.get(other) }]);
    }
    // An issue with one version has neither.
    const may = pages.get(`${siteUrl}2021-05/index.html`)!;
    expect(may.alternates.size).toBe(0);
    expect(may.switchLinks).toEqual([]);
  });

  it('lists the languages at the root of the site, and alternates in each sitemap', async () => {
    expect(pages.get(`${siteUrl}index.html`)!.switchLinks).toEqual([{ lang: 'az', href: `${siteUrl}az/index.html` }]);
    expect(pages.get(`${siteUrl}az/index.html`)!.switchLinks).toEqual([{ lang: 'en', href: `${siteUrl}index.html` }]);
    for (const sitemap of ['sitemap.xml', 'az/sitemap.xml']) {
      const xml = await readFile(join(outDir, sitemap), 'utf8');
      expect(xml, sitemap).toContain('xmlns:xhtml="http://www.w3.org/1999/xhtml"');
      expect(xml, sitemap).toContain(`<xhtml:link rel="alternate" hreflang="az" href="${siteUrl}az/2021-04/03-demining.html"/>`);
      expect(xml, sitemap).toContain(`<xhtml:link rel="alternate" hreflang="en" href="${siteUrl}2021-04/03-demining.html"/>`);
    }
  });

  it('says in check which sections a version lacks, and links only the versions a page has', async () => {
    const project = await tempDir();
    await cp(issues[0]!, join(project, 'content', '2021-04'), { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(project, 'bulletin.config.yaml'));
    await rm(join(project, 'content', '2021-04', '04-vaccines.az.md'));
    const checked = await runCli(['check'], { cwd: project });
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/2021-04\/issue\.az\.md:1:1: warning: The az version has no section 04-vaccines, which the issue itself has \(04-vaccines\.md\); its readers find no link to it \[version-sections\]/);
    const built = await runCli(['build', '--no-pdf'], { cwd: project });
    expect(built.code, built.stderr).toBe(0);
    const vaccines = await readFile(join(project, 'dist', '2021-04', '04-vaccines.html'), 'utf8');
    expect(vaccines).not.toContain('hreflang="az"');
    expect(await readFile(join(project, 'dist', '2021-04', '03-demining.html'), 'utf8')).toContain('hreflang="az"');
  });

  it('warns in check of a version in the issue’s own language, which would be a second site of it', async () => {
    const project = await tempDir();
    await cp(join(repoRoot, 'content', '2021-05'), join(project, 'content', '2021-05'), { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(project, 'bulletin.config.yaml'));
    await writeFile(join(project, 'content', '2021-05', 'issue.en.md'), '---\nsubtitle: The same issue, once more in English\n---\n');
    await cp(join(project, 'content', '2021-05', '01-diplomatic-calendar.md'), join(project, 'content', '2021-05', '01-diplomatic-calendar.en.md'));
    const checked = await runCli(['check'], { cwd: project });
    expect(checked.code).toBe(0);
    expect(checked.stdout).toMatch(/2021-05\/issue\.md:1:1: warning: issue\.en\.md is a version in en, the language of this issue itself: it is built as a second site of the same language \(en\/\); give it its own language code, or remove it \[version-language\]/);
    // The April sample's Azerbaijani version is in a language of its own: no such warning.
    await cp(issues[0]!, join(project, 'content', '2021-04'), { recursive: true });
    expect((await runCli(['check', join(project, 'content', '2021-04')], { cwd: project })).stdout).not.toContain('[version-language]');
  });

  it('shows in the preview an edit saved to a language version', async () => {
    const project = await tempDir();
    await cp(issues[0]!, join(project, 'content', '2021-04'), { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(project, 'bulletin.config.yaml'));
    const preview = await startPreview({ issueDir: join(project, 'content', '2021-04'), host: '127.0.0.1', port: 0, printer: undefined, cwd: project });
    try {
      await preview.firstBuild;
      const page = `${preview.url}site/az/2021-04/01-overview.html`;
      expect((await fetch(page)).status).toBe(200);
      const section = join(project, 'content', '2021-04', '01-overview.az.md');
      await writeFile(section, (await readFile(section, 'utf8')).replace('Aprel böyük xəbərlərin', 'Aprel sakit keçən'));
      await preview.rebuild();
      expect((await (await fetch(page)).text()).replace(/\u00ad/g, '')).toContain('Aprel sakit keçən');
    } finally {
      await preview.close();
    }
  }, 60_000);

  it('lets a version take from its issue what does not depend on the language: the masthead, the layout, the month', async () => {
    const issueDir = join(await tempDir(), '2021-04');
    await cp(join(repoRoot, 'tests', 'fixtures', 'issues', 'azerbaijani', '2021-04'), issueDir, { recursive: true });
    await writeFile(join(issueDir, 'issue.ru.md'), '---\ntitle: Бюллетень\nsubtitle: Внешняя политика за апрель\n---\n');
    await writeFile(join(issueDir, '01-icmal.ru.md'), '---\ntitle: Обзор месяца\n---\n\nТекст раздела.\n');
    await writeFile(join(issueDir, '02-berpa.ru.md'), '---\ntitle: Восстановление\n---\n\nТекст раздела.\n');
    // No config: the organization's names are only in the issue's own issue.md.
    const checked = await runCli(['check', issueDir]);
    expect(checked.code, checked.stdout).toBe(0);
    const outDir = join(issueDir, '..', 'dist');
    expect((await runCli(['build', issueDir, '--out', outDir, '--no-pdf'])).code).toBe(0);
    const page = await readFile(join(outDir, 'ru', '2021-04', 'index.html'), 'utf8');
    expect(page).toContain('<html lang="ru">');
    expect(page).toContain('Beynəlxalq Münasibətlərin Təhlili Mərkəzi');
    expect(page).toContain('Содержание');
  });
});
