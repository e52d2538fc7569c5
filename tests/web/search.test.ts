import { cp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview } from '../../src/preview/preview-server.js';
import { buildSite } from '../../src/site/build-site.js';
import { useBrowser } from '../helpers/browser.js';
import { repoRoot } from '../helpers/paths.js';
import { serveFolder, type StaticServer } from '../helpers/static-server.js';
import { tempDir } from '../helpers/temp.js';

const issues = ['2021-04', '2021-05'].map((month) => join(repoRoot, 'content', month));

/** The sections whose text (as written, in the source) has the word, as the results title them: "III. Transport …". */
async function sectionsWith(pattern: RegExp): Promise<string[]> {
  const titles: string[] = [];
  for (const issueDir of issues) {
    // The issues' own sections: their language versions (01-overview.az.md) are searched on their own site.
    const names = (await readdir(issueDir)).filter((name) => /^\d\d-[a-z0-9-]+\.md$/.test(name)).sort();
    for (const [index, name] of names.entries()) {
      const text = await readFile(join(issueDir, name), 'utf8');
      if (!pattern.test(text)) continue;
      const title = /^title: (.*)$/m.exec(text)?.[1]?.replace(/^"|"$/g, '') ?? name;
      titles.push(`${['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII'][index]}. ${title}`);
    }
  }
  return titles.sort();
}

describe('searching the archive, in a real browser', () => {
  const browser = useBrowser();
  let outDir: string;
  let server: StaticServer;

  beforeAll(async () => {
    outDir = await tempDir();
    const report = await buildSite({ issueDirs: issues, outDir });
    expect(report.ok).toBe(true);
    server = await serveFolder(outDir);
  });
  afterAll(async () => {
    await server?.close();
  });

  /** Types the query into the box of the page at `path`; returns the results as shown, and the status line. */
  async function search(query: string, path = ''): Promise<{ page: Page; status: string; results: Array<{ title: string; month: string; href: string; marked: string[] }> }> {
    const page = await browser().browser.newPage();
    await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
    await page.waitForSelector('.site-search:not([hidden])');
    await page.type('#site-search-input', query);
    await page.waitForFunction(() => /found|Nothing/.test(document.querySelector('.site-search-status')?.textContent ?? ''), { timeout: 15_000 });
    const shown = await page.evaluate(() => ({
      status: document.querySelector('.site-search-status')?.textContent ?? '',
      results: [...document.querySelectorAll('.site-search-results li')].map((item) => ({
        title: item.querySelector('.site-search-title')?.textContent ?? '',
        month: item.querySelector('.site-search-month')?.textContent ?? '',
        href: (item.querySelector('.site-search-title') as HTMLAnchorElement).href,
        marked: [...item.querySelectorAll('mark')].map((mark) => mark.textContent ?? ''),
      })),
    }));
    return { page, ...shown };
  }

  it('finds exactly the sections that mention a word, with their month and the word marked', async () => {
    const expected = await sectionsWith(/\bCaspian\b/);
    expect(expected.length).toBeGreaterThan(2);
    const { page, results, status } = await search('Caspian');
    expect(results.map((result) => result.title).sort()).toEqual(expected);
    expect(status).toBe(`${expected.length} sections found.`);
    for (const result of results) {
      expect(result.month).toBe('May 2021');
      expect(result.marked.map((word) => word.toLowerCase())).toContain('caspian');
    }
    await page.close();
  });

  it('finds a Russian word of a quotation, an Azerbaijani word typed with its own letters, and a soft-hyphenated word typed whole', async () => {
    const cases = [
      { query: 'добрососедство', pattern: /добрососедство/ },
      { query: 'Zəngəzur', pattern: /Zəngəzur/ },
      { query: 'Ölkənin', pattern: /Ölkənin/ },
      { query: 'telecommunications', pattern: /telecommunications/ },
    ];
    for (const { query, pattern } of cases) {
      const expected = await sectionsWith(pattern);
      expect(expected.length, query).toBeGreaterThan(0);
      const { page, results } = await search(query, '2021-05/');
      expect(results.map((result) => result.title).sort(), query).toEqual(expected);
      await page.close();
    }
    // The word is hyphenated in the page the index was made from: soft hyphens inside it.
    const page = await readFile(join(outDir, '2021-05', '07-economy-outlook.html'), 'utf8');
    expect(page).toMatch(/tele\u00ad?com\u00ad?mu\u00ad?ni\u00ad?ca\u00ad?tions/);
    expect(page).not.toContain('telecommunications');
  });

  it('says when nothing is found, and each result opens its section at the match', async () => {
    const none = await search('xylophonequartz', '2021-04/01-overview.html');
    expect(none.results).toEqual([]);
    expect(none.status).toBe('Nothing found for “xylophonequartz”.');
    await none.page.close();

    const { page, results } = await search('demining', '2021-05/all.html');
    expect(results.length).toBeGreaterThan(0);
    for (const result of results) {
      const url = new URL(result.href);
      expect(url.pathname).toMatch(/^\/2021-0[45]\/\d\d-[a-z0-9-]+\.html$/);
      expect((await stat(join(outDir, url.pathname))).isFile()).toBe(true);
    }
    await Promise.all([page.waitForNavigation(), page.click('.site-search-results li a')]);
    const opened = new URL(page.url());
    expect(opened.pathname).toBe(new URL(results[0]!.href).pathname);
    if (opened.hash) expect(await page.$(`[id="${decodeURIComponent(opened.hash.slice(1))}"]`)).not.toBeNull();
    await page.close();
  });

  it('keeps the archive, issue pages and the one-page issue out of the index, and works from the keyboard', async () => {
    const { page, results } = await search('sample');
    for (const result of results) expect(new URL(result.href).pathname).not.toMatch(/index\.html$|all\.html$|\/$/);
    // Tab from the top of the page reaches the box, with its label read out.
    await page.goto(new URL('2021-05/', server.url).href);
    await page.waitForSelector('.site-search:not([hidden])');
    let focused = '';
    for (let step = 0; step < 10 && focused !== 'site-search-input'; step++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.id ?? '');
    }
    expect(focused).toBe('site-search-input');
    const label = await page.evaluate(() => (document.getElementById('site-search-input') as HTMLInputElement).labels?.[0]?.textContent);
    expect(label).toBe('Search every issue');
    await page.close();
  });

  it('without JavaScript, hides the box and says that search needs it', async () => {
    const page = await browser().browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.goto(new URL('2021-05/03-transport-corridors.html', server.url).href);
    const state = await page.evaluate(() => ({
      boxShown: (document.querySelector('.site-search') as HTMLElement).offsetHeight > 0,
      note: (document.querySelector('.site-search-note') as HTMLElement | null)?.innerText ?? '',
    }));
    expect(state).toEqual({ boxShown: false, note: 'Search needs JavaScript.' });
    await page.close();
  });

  it('leaves the index alone when nothing changed, and can be turned off', async () => {
    const before = (await stat(join(outDir, 'pagefind', 'pagefind-entry.json'))).mtimeMs;
    const again = await buildSite({ issueDirs: issues, outDir });
    expect(again.issues.every((issue) => issue.upToDate)).toBe(true);
    expect((await stat(join(outDir, 'pagefind', 'pagefind-entry.json'))).mtimeMs).toBe(before);

    // site.search: false in the config: no box on any page, and the index from before is removed.
    const configPath = join(await tempDir(), 'bulletin.config.yaml');
    await writeFile(configPath, `${await readFile(join(repoRoot, 'bulletin.config.yaml'), 'utf8')}  search: false\n`);
    const off = await buildSite({ issueDirs: issues, outDir, configPath });
    expect(off.ok).toBe(true);
    await expect(stat(join(outDir, 'pagefind'))).rejects.toThrow();
    for (const path of ['index.html', '2021-05/index.html', '2021-05/03-transport-corridors.html']) expect(await readFile(join(outDir, path), 'utf8'), path).not.toContain('site-search');
  });

  it('works in the preview, over the whole site, and finds an edit once it is saved', async () => {
    const project = await tempDir();
    for (const issueDir of issues) await cp(issueDir, join(project, 'content', basename(issueDir)), { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(project, 'bulletin.config.yaml'));
    const preview = await startPreview({ issueDir: join(project, 'content', '2021-05'), host: '127.0.0.1', port: 0, printer: undefined, cwd: project });
    try {
      await preview.firstBuild;
      const page = await browser().browser.newPage();
      const find = async (query: string) => {
        await page.goto(`${preview.url}site/2021-05/`, { waitUntil: 'load' });
        await page.waitForSelector('.site-search:not([hidden])');
        await page.type('#site-search-input', query);
        await page.waitForFunction(() => /found|Nothing/.test(document.querySelector('.site-search-status')?.textContent ?? ''), { timeout: 15_000 });
        return page.$$eval('.site-search-title', (links) => links.map((link) => new URL((link as HTMLAnchorElement).href).pathname));
      };
      // Another issue of the project, found from the previewed one.
      expect(await find('demining')).toContain('/site/2021-04/03-demining.html');
      const section = join(project, 'content', '2021-05', '01-diplomatic-calendar.md');
      await writeFile(section, (await readFile(section, 'utf8')).replace('busiest months', 'busiest and most quixotic months'));
      await preview.rebuild();
      expect(await find('quixotic')).toEqual(['/site/2021-05/01-diplomatic-calendar.html']);
      await page.close();
    } finally {
      await preview.close();
    }
  }, 60_000);
});
