import { cp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { buildSite, createBuildCache, type BuildCache } from '../../src/site/build-site.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';
import { withoutSoftHyphens } from '../helpers/text.js';

/**
 * The cache a preview keeps between rebuilds: what did not change is reused, and an
 * edit to a section, the config or a template is always seen.
 */
describe('builds that share a cache', () => {
  let project: string;
  let issueDir: string;
  let templatesDir: string;
  let outDir: string;
  let cache: BuildCache;
  const build = async () => {
    const report = await buildSite({ issueDirs: [issueDir], outDir, templatesDir, cache, force: true });
    expect(report.ok).toBe(true);
  };
  const page = (name: string) => readFile(join(outDir, '2021-05', name), 'utf8');

  beforeEach(async () => {
    project = await tempDir();
    issueDir = join(project, 'content', '2021-05');
    templatesDir = join(project, 'templates');
    await cp(join(repoRoot, 'content', '2021-05'), issueDir, { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(project, 'bulletin.config.yaml'));
    await cp(join(repoRoot, 'templates'), templatesDir, { recursive: true });
    outDir = join(project, 'dist');
    cache = createBuildCache();
    await build();
  });

  it('reuse the parsed issue and the loaded templates when nothing changed', async () => {
    const issue = cache.issues.get(issueDir)?.loaded;
    const rendering = cache.rendering?.value;
    expect(issue).toBeDefined();
    await build();
    expect(cache.issues.get(issueDir)?.loaded).toBe(issue);
    expect(cache.rendering?.value).toBe(rendering);
  });

  it('see an edited section', async () => {
    const section = join(issueDir, '01-diplomatic-calendar.md');
    await writeFile(section, (await readFile(section, 'utf8')).replace('busiest months', 'quietest months'));
    await build();
    expect(await page('01-diplomatic-calendar.html')).toContain('quietest months');
  });

  it('hyphenate an edited section as a build without a cache does (the hyphenator they keep remembers words only)', async () => {
    const section = join(issueDir, '02-energy-cooperation.md');
    const text = await readFile(section, 'utf8');
    expect(text).not.toContain('counterweight');
    await writeFile(section, text.replace('pipeline', 'counterweight pipeline'));
    await build();
    const fresh = join(project, 'dist-fresh');
    expect((await buildSite({ issueDirs: [issueDir], outDir: fresh, templatesDir, force: true })).ok).toBe(true);
    for (const name of ['02-energy-cooperation.html', '01-diplomatic-calendar.html']) {
      expect(await page(name)).toBe(await readFile(join(fresh, '2021-05', name), 'utf8'));
    }
    expect(await page('02-energy-cooperation.html')).toMatch(/coun\u00adter\u00ad?weight pipeline/);
  });

  it('rewrite for the web pages only the section that was edited, into the pages a build without a cache makes', async () => {
    const rewritten = () => [...(cache.rewrittenSections.get('2021-05\0')?.values() ?? [])];
    const before = rewritten();
    // The seven sections and the issue's foreword.
    expect(before).toHaveLength(8);
    const section = join(issueDir, '03-transport-corridors.md');
    await writeFile(section, `${await readFile(section, 'utf8')}\nA sentence added at the end.\n`);
    await build();
    const after = rewritten();
    expect(after.filter((entry) => before.includes(entry))).toHaveLength(7);
    const fresh = join(project, 'dist-fresh');
    expect((await buildSite({ issueDirs: [issueDir], outDir: fresh, templatesDir, force: true })).ok).toBe(true);
    for (const name of ['index.html', 'all.html', '01-diplomatic-calendar.html', '03-transport-corridors.html']) {
      expect(await page(name), name).toBe(await readFile(join(fresh, '2021-05', name), 'utf8'));
    }
  });

  it('rewrite every section again when a heading moves the address of its id (a link from another section may lead there)', async () => {
    const before = [...(cache.rewrittenSections.get('2021-05\0')?.values() ?? [])];
    const section = join(issueDir, '02-energy-cooperation.md');
    await writeFile(section, (await readFile(section, 'utf8')).replace('### Figures and prices', '### Prices and figures'));
    await build();
    const after = [...(cache.rewrittenSections.get('2021-05\0')?.values() ?? [])];
    // Only the foreword is taken: it is rewritten without the ids' pages (it is on a page of its own).
    expect(after.filter((entry) => before.includes(entry))).toHaveLength(1);
    expect(after.filter((entry) => before.includes(entry))[0]?.onePage).toContain('</p>');
  });

  it('see an edited config', async () => {
    const config = join(project, 'bulletin.config.yaml');
    await writeFile(config, (await readFile(config, 'utf8')).replace('Center of Analysis of International Relations', 'Centre for Caspian Studies'));
    await build();
    expect(await page('index.html')).toContain('Centre for Caspian Studies');
  });

  it('see an edited catalogue in the issue they check (the heading of its notes), and keep the catalogues they read while it is unchanged', async () => {
    const settings = cache.issueSettings?.value;
    expect(settings).toBeDefined();
    const section = join(issueDir, '01-diplomatic-calendar.md');
    await writeFile(section, `${await readFile(section, 'utf8')}\nOne more sentence.\n`);
    await build();
    expect(cache.issueSettings?.value).toBe(settings);
    const catalogue = join(templatesDir, 'locales', 'en.yaml');
    await writeFile(catalogue, (await readFile(catalogue, 'utf8')).replace('notes: Notes', 'notes: Endnotes'));
    await build();
    expect(withoutSoftHyphens(await page('07-economy-outlook.html'))).toContain('Endnotes');
  });

  it('see an edited template', async () => {
    const layout = join(templatesDir, 'web', 'issue.hbs');
    await writeFile(layout, (await readFile(layout, 'utf8')).replace('</body>', '<p>Edited template</p></body>'));
    await build();
    expect(await page('index.html')).toContain('Edited template');
  });
});

describe('a build in which every issue is up to date', () => {
  it('writes the archive, sitemap and feed again when they are missing, with the site address from the config', async () => {
    const project = await tempDir();
    for (const month of ['2021-04', '2021-05']) await cp(join(repoRoot, 'content', month), join(project, 'content', month), { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(project, 'bulletin.config.yaml'));
    const outDir = join(project, 'dist');
    const issueDirs = ['2021-04', '2021-05'].map((month) => join(project, 'content', month));
    expect((await buildSite({ issueDirs, outDir })).ok).toBe(true);
    for (const name of ['index.html', 'sitemap.xml', 'feed.xml']) await rm(join(outDir, name));
    const report = await buildSite({ issueDirs, outDir });
    // The two issues, and the April issue's Azerbaijani version.
    expect(report.issues.map((issue) => issue.upToDate)).toEqual([true, true, true]);
    expect(await readFile(join(outDir, 'index.html'), 'utf8')).toContain('<link rel="canonical" href="https://bulletin.example.org/"');
    expect(await readFile(join(outDir, 'sitemap.xml'), 'utf8')).toContain('https://bulletin.example.org/2021-05/');
    expect(await readFile(join(outDir, 'feed.xml'), 'utf8')).toContain('2021-04');
  });
});
