import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { FileSystemConfigLoader, HtmlValidate } from 'html-validate';
import { PNG } from 'pngjs';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build-site.js';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import { useBrowser } from '../helpers/browser.js';
import { artifactsDir, repoRoot } from '../helpers/paths.js';
import { serveFolder, type StaticServer } from '../helpers/static-server.js';
import { tempDir } from '../helpers/temp.js';
import { writeIssue } from '../helpers/write-issue.js';

const may = join(repoRoot, 'content', '2021-05');
const april = join(repoRoot, 'content', '2021-04');

async function htmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.html')).map((entry) => join(entry.parentPath, entry.name)).sort();
}

describe('the web edition of the sample issues, in a real browser', () => {
  const browser = useBrowser();
  let outDir: string;
  let server: StaticServer;

  beforeAll(async () => {
    outDir = await tempDir();
    const report = await buildSite({ issueDirs: [april, may], outDir, printer: createPdfPrinter({ browser: browser(), env: {} }) });
    expect(report.ok).toBe(true);
    server = await serveFolder(outDir);
  });
  afterAll(async () => {
    await server?.close();
  });

  async function open(path: string, viewport = { width: 1280, height: 900 }): Promise<{ page: Page; problems: string[] }> {
    const page = await browser().browser.newPage();
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warn') problems.push(`console ${message.type()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${String(error)}`));
    page.on('requestfailed', (request) => problems.push(`failed: ${request.url()}`));
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()}: ${response.url()}`);
    });
    await page.setViewport(viewport);
    const response = await page.goto(new URL(path, server.url).href, { waitUntil: 'load' });
    await page.evaluate(() => document.fonts.ready);
    if (!response?.ok()) problems.push(`${response?.status()}: ${path}`);
    return { page, problems };
  }

  it('resolves every internal link, image, stylesheet and font on every page, with no console errors', async () => {
    const queue = [server.url];
    const visited = new Set<string>();
    const fragments: Array<{ page: string; id: string; from: string }> = [];
    const otherFiles = new Set<string>();
    while (queue.length > 0) {
      const url = queue.shift()!;
      if (visited.has(url)) continue;
      visited.add(url);
      const { page, problems } = await open(url);
      expect(problems, url).toEqual([]);
      const found = await page.evaluate(() => ({
        links: [...document.querySelectorAll('a[href]')].map((link) => (link as HTMLAnchorElement).href),
        images: [...document.images].map((image) => ({ src: image.currentSrc, loaded: image.complete && image.naturalWidth > 0 })),
        ids: [...document.querySelectorAll('[id]')].map((element) => element.id),
      }));
      for (const image of found.images) expect(image.loaded, `${image.src} on ${url}`).toBe(true);
      for (const link of found.links) {
        const target = new URL(link);
        if (target.origin !== new URL(server.url).origin) continue;
        if (target.hash) fragments.push({ page: target.href.split('#')[0]!.replace(/\/index\.html$/, '/'), id: decodeURIComponent(target.hash.slice(1)), from: url });
        target.hash = '';
        // A folder and its index.html are one page.
        target.pathname = target.pathname.replace(/\/index\.html$/, '/');
        if (target.pathname.endsWith('.html') || target.pathname.endsWith('/')) queue.push(target.href);
        else otherFiles.add(target.href);
      }
      // Fragments are checked against the page they point into once it is loaded.
      for (const fragment of fragments.filter((candidate) => candidate.page === url)) {
        expect(found.ids, `#${fragment.id} linked from ${fragment.from}`).toContain(fragment.id);
      }
      await page.close();
    }
    for (const fragment of fragments) expect(visited.has(fragment.page), fragment.page).toBe(true);
    // The archive, and per issue: contents, single page, and one page per section; the
    // same for the April issue's Azerbaijani version and its archive, reached by the language switch.
    expect(visited.size).toBe(1 + (2 + 4) + (2 + 7) + 1 + (2 + 4));
    for (const file of otherFiles) {
      const response = await fetch(file, { method: 'HEAD' });
      expect(response.status, file).toBe(200);
    }
    expect([...otherFiles].filter((file) => file.endsWith('.pdf'))).toHaveLength(3);
  });

  it('leads from the first section to the last by "next", in order, and back by "previous"', async () => {
    const { page } = await open('2021-05/01-diplomatic-calendar.html');
    const titles: string[] = [];
    for (;;) {
      titles.push(await page.$eval('h2.section-heading', (heading) => heading.textContent?.trim() ?? ''));
      const position = await page.$eval('.pagination-position', (element) => element.textContent ?? '');
      expect(position).toContain(`Section ${titles.length} of 7`);
      const next = await page.$eval('a[rel="next"]', (link) => (link as HTMLAnchorElement).href).catch(() => undefined);
      if (next === undefined) break;
      await page.goto(next);
    }
    expect(titles).toEqual([
      'I. The diplomatic calendar of the month',
      'II. Energy cooperation and the southern gas route',
      'III. Transport corridors between Asia and Europe',
      'IV. Regional security and the peace agenda',
      'V. Relations with Russia and Central Asia',
      'VI. Multilateral diplomacy and international organisations',
      'VII. Trade, investment and the economic outlook',
    ]);
    const previous = await page.$eval('a[rel="prev"]', (link) => link.textContent ?? '');
    expect(previous).toContain('VI. Multilateral diplomacy');
    await page.close();
  });

  it('takes each contents entry of the issue page to its section’s page', async () => {
    const { page } = await open('2021-05/');
    const entries = await page.$$eval('nav.toc a', (links) => links.map((link) => ({ href: (link as HTMLAnchorElement).href, text: link.textContent ?? '' })));
    expect(entries).toHaveLength(7);
    for (const entry of entries) {
      await page.goto(entry.href);
      const heading = await page.$eval('h2.section-heading', (element) => element.textContent?.trim() ?? '');
      expect(entry.text.replace(/\s+/g, ' ')).toContain(heading.replace(/^([IVX]+)\. /, '$1.'));
    }
    await page.close();
  });

  it('lets a keyboard reach and follow the "next" link', async () => {
    const { page } = await open('2021-04/02-reconstruction.html');
    let focused = '';
    for (let presses = 0; presses < 60 && focused !== 'next'; presses++) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.getAttribute('rel') ?? '');
    }
    expect(focused).toBe('next');
    await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
    expect(page.url()).toMatch(/\/2021-04\/03-demining\.html$/);
    await page.close();
  });

  it('has no horizontal scroll at 360 px, and is screenshot at 360 and 1440 px', async () => {
    const shots = join(artifactsDir, 'web');
    await mkdir(shots, { recursive: true });
    const pages = { archive: '', issue: '2021-05/', section: '2021-05/03-transport-corridors.html', all: '2021-05/all.html' };
    for (const [name, path] of Object.entries(pages)) {
      for (const width of [360, 1440]) {
        const { page } = await open(path, { width, height: 800 });
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow, `${name} at ${width} px`).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(shots, `${name}-${width}.png`) as `${string}.png`, fullPage: width === 360 ? false : name !== 'all' });
        await page.close();
      }
    }
  });

  it('offers each figure in narrower copies, of which the browser takes the one its width needs', async () => {
    const path = '2021-05/03-transport-corridors.html';
    const candidates = await (async () => {
      const { page } = await open(path);
      const srcset = await page.$eval('figure img', (image) => image.getAttribute('srcset') ?? '');
      await page.close();
      return srcset.split(',').map((candidate) => candidate.trim().split(/\s+/) as [string, string]);
    })();
    expect(candidates.map(([, width]) => width)).toEqual(['480w', '800w', '1200w', '1600w']);
    // Each copy is as wide as it says, read from its own PNG header.
    for (const [url, width] of candidates) {
      const file = await readFile(join(outDir, '2021-05', decodeURI(url)));
      expect(PNG.sync.read(file).width, url).toBe(Number.parseInt(width, 10));
    }
    const chosen: Record<string, string> = {};
    for (const [name, viewport] of Object.entries({
      phone: { width: 375, height: 800, deviceScaleFactor: 2 },
      laptop: { width: 1280, height: 900, deviceScaleFactor: 1 },
      retina: { width: 1440, height: 900, deviceScaleFactor: 2 },
    })) {
      const { page, problems } = await open(path, viewport);
      await page.$eval('figure img', (image) => image.scrollIntoView());
      await page.waitForFunction(() => (document.querySelector('figure img') as HTMLImageElement).complete);
      chosen[name] = await page.$eval('figure img', (image) => (image as HTMLImageElement).currentSrc.replace(/^.*\//, ''));
      expect(problems).toEqual([]);
      await page.close();
    }
    // Shown 335 and 664 CSS pixels wide: 670 and 664 device pixels need the 800 px copy; 1328 the original.
    expect(chosen).toEqual({ phone: expect.stringMatching(/-800w\.png$/), laptop: expect.stringMatching(/-800w\.png$/), retina: expect.stringMatching(/\.[0-9a-f]{10}\.png$/) });
  });

  it('needs no JavaScript and uses dark colours when the reader prefers them', async () => {
    const { page } = await open('2021-05/02-energy-cooperation.html');
    // The one script is the search box's, which only adds search (tests/web/search.test.ts reads pages without it).
    expect(await page.$$eval('script', (scripts) => scripts.map((script) => script.getAttribute('src')))).toEqual([expect.stringMatching(/^\.\.\/assets\/search\.[0-9a-f]{10}\.js$/)]);
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    const dark = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(dark).not.toBe(light);
    await page.close();
  });

  it('shows the issue’s PDF on its page with the size and page count', async () => {
    const { page } = await open('2021-05/');
    const link = await page.$eval('a.download-link', (element) => ({ href: (element as HTMLAnchorElement).href, text: element.textContent?.replace(/\s+/g, ' ') ?? '' }));
    expect(link.href).toMatch(/\/2021-05\/bulletin-2021-05\.pdf$/);
    const manifest = JSON.parse(await readFile(join(outDir, '2021-05', 'issue.json'), 'utf8')) as { pdf: { bytes: number; pages: number } };
    expect(link.text).toContain(`${manifest.pdf.pages} pages`);
    expect(link.text).toMatch(/PDF, \d+(\.\d)? (kB|MB)/);
    await page.close();
  });

  it('lists every issue in the archive, newest first, by year, with subtitles, sections and both editions', async () => {
    const { page } = await open('');
    const archive = await page.evaluate(() =>
      [...document.querySelectorAll('.archive-year')].map((year) => ({
        year: year.querySelector('h2')?.textContent,
        issues: [...year.querySelectorAll('.archive-issue')].map((issue) => ({
          title: issue.querySelector('.archive-issue-title')?.textContent?.trim(),
          subtitle: issue.querySelector('.archive-issue-subtitle')?.textContent,
          sections: issue.querySelectorAll('.archive-sections li').length,
          links: [...issue.querySelectorAll('a')].map((link) => link.getAttribute('href')),
        })),
      })),
    );
    expect(archive).toHaveLength(1);
    expect(archive[0]?.year).toBe('2021');
    expect(archive[0]?.issues.map((issue) => issue.title)).toEqual(['Bulletin — May 2021', 'Bulletin — April 2021']);
    expect(archive[0]?.issues.map((issue) => issue.sections)).toEqual([7, 4]);
    expect(archive[0]?.issues[1]?.subtitle).toBe('Highlight of the foreign policy of Azerbaijan in April 2021');
    expect(archive[0]?.issues[0]?.links).toEqual(expect.arrayContaining(['2021-05/index.html', '2021-05/all.html', '2021-05/bulletin-2021-05.pdf']));
    await page.close();
  });

  it('names title, description, canonical link and Open Graph tags on every page', async () => {
    for (const file of await htmlFiles(outDir)) {
      const path = relative(outDir, file).split('\\').join('/');
      const { page } = await open(path);
      const head = await page.evaluate(() => ({
        title: document.title,
        description: document.querySelector('meta[name="description"]')?.getAttribute('content') ?? '',
        canonical: document.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? '',
        og: Object.fromEntries([...document.querySelectorAll('meta[property^="og:"]')].map((meta) => [meta.getAttribute('property'), meta.getAttribute('content')])),
      }));
      expect(head.title, path).not.toBe('');
      expect(head.description.length, path).toBeGreaterThan(20);
      // Shown whole by search engines and link previews: no soft hyphens from the body text.
      expect(head.description, path).not.toContain('\u00ad');
      expect(head.og['og:description'], path).toBe(head.description);
      expect(head.canonical, path).toBe(`https://bulletin.example.org/${path.replace(/index\.html$/, '')}`);
      expect(head.og['og:title'], path).toBe(head.title);
      expect(head.og['og:url'], path).toBe(head.canonical);
      await page.close();
    }
  });

  it('writes a sitemap and an Atom feed that parse and list every issue', async () => {
    const { page } = await open('');
    for (const [file, count] of [['sitemap.xml', 'url'], ['feed.xml', 'entry']] as const) {
      const xml = await readFile(join(outDir, file), 'utf8');
      const parsed = await page.evaluate((text, tag) => {
        const document = new DOMParser().parseFromString(text, 'application/xml');
        return { error: document.querySelector('parsererror')?.textContent ?? '', count: document.getElementsByTagName(tag).length };
      }, xml, count);
      expect(parsed.error, file).toBe('');
      expect(parsed.count, file).toBe(file === 'feed.xml' ? 2 : 1 + 2 * 2 + 7 + 4);
    }
    await page.close();
  });

  it('names shared assets by their contents', async () => {
    const assets = await readdir(join(outDir, 'assets'), { recursive: true });
    const files = assets.filter((name) => /\.\w+$/.test(name));
    expect(files.length).toBeGreaterThan(10);
    // An image's narrower copies carry the original's hash and their width: `chart.3f9a…-480w.png`.
    for (const name of files) expect(name).toMatch(/\.[0-9a-f]{10}(-\d+w)?\.\w+$/);
  });

  it('hyphenates words with soft hyphens that copying the text leaves invisible', async () => {
    const { page } = await open('2021-05/03-transport-corridors.html', { width: 420, height: 900 });
    const context = page.browserContext();
    await context.overridePermissions(server.url, ['clipboard-read', 'clipboard-write']);
    const paragraph = await page.$('main section p:not(.section-author)');
    const source = await paragraph!.evaluate((element) => element.textContent ?? '');
    expect(source).toContain('\u00ad');
    // Select the paragraph and copy it the way a reader does, then read the real clipboard.
    await paragraph!.evaluate((element) => {
      const range = document.createRange();
      range.selectNodeContents(element);
      getSelection()!.removeAllRanges();
      getSelection()!.addRange(range);
    });
    await page.keyboard.down('Control');
    await page.keyboard.press('KeyC');
    await page.keyboard.up('Control');
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    const brokenAtSoftHyphen = await paragraph!.evaluate((element) => {
      // Lines that end at a soft hyphen: the letters either side of it stand on different lines.
      let count = 0;
      const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (let index = text.indexOf('\u00ad'); index > 0 && index + 1 < text.length; index = text.indexOf('\u00ad', index + 1)) {
          const top = (from: number) => {
            const range = document.createRange();
            range.setStart(node!, from);
            range.setEnd(node!, from + 1);
            // The last box: a range starting at a line break also has an empty box at the end of the line before.
            return [...range.getClientRects()].at(-1)?.top ?? 0;
          };
          if (top(index + 1) - top(index - 1) > 5) count++;
        }
      }
      return count;
    });
    expect(brokenAtSoftHyphen).toBeGreaterThan(0);
    // On a narrow screen some words break at their soft hyphens, yet the copy has no hyphen a reader can see:
    // every hyphen in it is one the author typed, and no word is cut by a line end.
    expect(copied.replace(/\u00ad/g, '')).toBe(source.replace(/\u00ad/g, ''));
    expect(copied.match(/[-\u2010]/g) ?? []).toEqual(source.match(/[-\u2010]/g) ?? []);
    expect(copied).not.toMatch(/\n/);
    await page.close();
  });

  it('produces valid HTML on every page', async () => {
    const validator = new HtmlValidate(new FileSystemConfigLoader());
    const problems: string[] = [];
    for (const file of await htmlFiles(outDir)) {
      const report = await validator.validateFile(file);
      for (const result of report.results) {
        for (const message of result.messages) problems.push(`${relative(outDir, file)}:${message.line}:${message.column} ${message.ruleId} ${message.message}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('keeps the other issues in the archive when one issue is rebuilt alone', async () => {
    const report = await buildSite({ issueDirs: [april], outDir });
    expect(report.ok).toBe(true);
    const archive = await readFile(join(outDir, 'index.html'), 'utf8');
    expect(archive).toContain('2021-05/index.html');
    expect(archive).toContain('2021-04/index.html');
  });
});

describe('issues rendered while later ones are still checked', () => {
  it('are not written when a folder checked after them says the same month', async () => {
    const content = join(await tempDir(), 'content');
    // One at a time: May is rendered while the folders after it are still being checked.
    const may = await writeIssue(content, { month: '2021-05', sections: [{ title: 'May', body: 'The May issue.' }] });
    const june = await writeIssue(content, { month: '2021-06', sections: [{ title: 'June', body: 'The June issue.' }] });
    const july = await writeIssue(content, { month: '2021-07', meta: { date: '2021-05' }, sections: [{ title: 'July', body: 'Dated May by mistake.' }] });
    const out = await tempDir();
    const report = await buildSite({ issueDirs: [may, june, july], outDir: out, concurrency: 1 });
    expect(report.ok).toBe(false);
    expect(report.issues.map((issue) => issue.written.length > 0)).toEqual([false, true, false]);
    expect(report.issues[0]?.files.flatMap((file) => file.messages.map((message) => message.ruleId))).toContain('issue-month-duplicate');
    expect((await readdir(out)).filter((name) => /^\d{4}-\d\d/.test(name)).sort()).toEqual(['2021-06']);
  });

  it('leave nothing in the output folder, not even their shared files, when all of them clash', async () => {
    const content = join(await tempDir(), 'content');
    const may = await writeIssue(content, { month: '2021-05', sections: [{ title: 'May', body: 'The May issue.' }] });
    const july = await writeIssue(content, { month: '2021-07', meta: { date: '2021-05' }, sections: [{ title: 'July', body: 'Dated May by mistake.' }] });
    const out = await tempDir();
    const report = await buildSite({ issueDirs: [may, july], outDir: out, concurrency: 1 });
    expect(report.ok).toBe(false);
    expect((await readdir(out)).filter((name) => !name.startsWith('.'))).toEqual([]);
  });
});

// Keep the artifacts folder's purpose discoverable next to the images.
await mkdir(artifactsDir, { recursive: true });
await writeFile(join(artifactsDir, 'README.txt'), 'Screenshots and page images written by the tests, to look at. Not committed.\n');
