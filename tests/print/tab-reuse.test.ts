import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build-site.js';
import type { Page } from 'puppeteer-core';
import type { BrowserHandle } from '../../src/print/browser.js';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import { createPageReadingMemo, type PageReadingMemo } from '../../src/print/page-readings.js';
import type { IssuePrinter } from '../../src/print/print-job.js';
import { useBrowser, withOwnBrowser } from '../helpers/browser.js';
import { repoRoot } from '../helpers/paths.js';
import { placedImages, readPdf } from '../helpers/pdf.js';
import { tempDir } from '../helpers/temp.js';
import { writeIssue } from '../helpers/write-issue.js';

/**
 * The printer keeps each tab's fonts loaded and swaps the next issue's document into it
 * (src/render/pdf-printer.ts). These tests hold that to what a fresh load gives.
 */
describe('issues printed one after another in the same tab', () => {
  const browser = useBrowser();
  // One issue at a time: every issue after the first is printed in the first one's tab.
  const buildInOneTab = (issueDirs: string[], outDir: string) =>
    buildSite({ issueDirs, outDir, concurrency: 1, force: true, printer: createPdfPrinter({ browser: browser(), env: {} }) });

  // First in the file: it needs the tab the browser starts with, which the first render takes.
  it('gives the same bytes whichever tab prints the issue, and whatever it printed before', { timeout: 180_000 }, async () => {
    const site = await tempDir();
    const content = join(site, 'content');
    await cp(join(repoRoot, 'content'), content, { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(site, 'bulletin.config.yaml'));
    const issues = ['2021-04', '2021-05'].map((month) => join(content, month));
    const pdfOf = (outDir: string, month: string) => readFile(join(outDir, month, `bulletin-${month}.pdf`));
    // Side by side: one issue in the tab the browser starts with, the other in a new one;
    // then one after the other in one tab.
    const sideBySide = await tempDir();
    expect((await buildSite({ issueDirs: issues, outDir: sideBySide, concurrency: 2, printer: createPdfPrinter({ browser: browser(), env: {} }) })).ok).toBe(true);
    const oneTab = await tempDir();
    expect((await buildInOneTab([issues[1]!, issues[0]!, issues[1]!], oneTab)).ok).toBe(true);

    for (const [index, month] of ['2021-04', '2021-05'].entries()) {
      const alone = await tempDir();
      const report = await withOwnBrowser((own) => buildSite({ issueDirs: [issues[index]!], outDir: alone, printer: createPdfPrinter({ browser: own, env: {} }) }));
      expect(report.ok).toBe(true);
      const expected = await pdfOf(alone, month);
      expect((await pdfOf(sideBySide, month)).equals(expected), `${month}, side by side`).toBe(true);
      expect((await pdfOf(oneTab, month)).equals(expected), `${month}, in one tab`).toBe(true);
    }
  });

  it('shows each issue its own images, though their addresses are the same', async () => {
    const content = await tempDir();
    const wide = await issueWithChart(content, '2021-03', 60, 30);
    const tall = await issueWithChart(content, '2021-04', 30, 60);
    const outDir = await tempDir();
    const report = await buildInOneTab([wide, tall, wide], outDir);
    expect(report.ok).toBe(true);
    expect(await chartSizes(join(outDir, '2021-03', 'bulletin-2021-03.pdf'))).toEqual([[60, 30]]);
    expect(await chartSizes(join(outDir, '2021-04', 'bulletin-2021-04.pdf'))).toEqual([[30, 60]]);
  });

  it('shows an image changed since the tab last printed the same issue (a preview rebuild)', async () => {
    const content = await tempDir();
    const issue = await issueWithChart(content, '2021-03', 60, 30);
    const outDir = await tempDir();
    await buildInOneTab([issue], outDir);
    await writeChart(issue, 20, 50);
    await buildInOneTab([issue], outDir);
    expect(await chartSizes(join(outDir, '2021-03', 'bulletin-2021-03.pdf'))).toEqual([[20, 50]]);
  });

  it('keeps an image it decoded across an edit of the text, with the edit’s alternative text', async () => {
    const content = await tempDir();
    // A month no other test prints: the tab has never seen its images.
    const issue = await issueWithChart(content, '2021-06', 60, 30);
    const requested: string[] = [];
    const printer = createPdfPrinter({ browser: watchingRequests(browser(), (url) => requested.push(url)), env: {} });
    const outDir = await tempDir();
    const build = () => buildSite({ issueDirs: [issue], outDir, concurrency: 1, force: true, printer });
    const charts = () => requested.splice(0).filter((url) => url.includes('chart.png'));
    expect((await build()).ok).toBe(true);
    expect(charts()).toHaveLength(1);
    const section = join(issue, '01-section-01.md');
    await writeFile(section, (await readFile(section, 'utf8')).replace('A chart of 2021-06', 'The chart of June').replace('The end.', 'The end, at last.'));
    expect((await build()).ok).toBe(true);
    expect(charts()).toEqual([]);
    // As a browser that never saw the issue prints it: the figure's /Alt is the new text.
    const alone = await tempDir();
    const report = await withOwnBrowser((own) => buildSite({ issueDirs: [issue], outDir: alone, printer: createPdfPrinter({ browser: own, env: {} }) }));
    expect(report.ok).toBe(true);
    const pdfOf = (dir: string) => readFile(join(dir, '2021-06', 'bulletin-2021-06.pdf'));
    expect((await pdfOf(outDir)).equals(await pdfOf(alone))).toBe(true);
  });
});

describe('an issue printed again after an edit (the preview)', () => {
  const browser = useBrowser();

  it('reads again only the pages the edit changed, and gives the bytes a printer that read every page gives', { timeout: 180_000 }, async () => {
    const site = await tempDir();
    await cp(join(repoRoot, 'content', '2021-05'), join(site, 'content', '2021-05'), { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(site, 'bulletin.config.yaml'));
    const issue = join(site, 'content', '2021-05');
    const memo = createPageReadingMemo();
    let readBefore = 0;
    const counting: PageReadingMemo = {
      forPrint: (name) => {
        const readings = memo.forPrint(name);
        return { find: readings.find, keep: (key, reading) => ((readBefore += readings.find(key) === reading ? 1 : 0), readings.keep(key, reading)), finished: readings.finished };
      },
    };
    const outDir = await tempDir();
    const build = (dir: string, printer: IssuePrinter) => buildSite({ issueDirs: [issue], outDir: dir, concurrency: 1, force: true, printer });
    const remembering = createPdfPrinter({ browser: browser(), env: {}, pageReadings: counting });
    expect((await build(outDir, remembering)).ok).toBe(true);
    // One word in the last section: the pages before it print as they did.
    const sections = (await readdir(issue)).filter((name) => /^\d\d-.*\.md$/.test(name)).sort();
    const last = join(issue, sections.at(-1)!);
    const text = await readFile(last, 'utf8');
    await writeFile(last, text.replace(/\bthe\b/, 'the whole'));
    expect(await readFile(last, 'utf8')).not.toBe(text);
    readBefore = 0;
    expect((await build(outDir, remembering)).ok).toBe(true);
    const pages = (await readPdf(join(outDir, '2021-05', 'bulletin-2021-05.pdf'))).pages.length;
    expect(readBefore).toBeGreaterThanOrEqual(pages - 3);
    expect(readBefore).toBeLessThan(pages);
    const fresh = await tempDir();
    expect((await build(fresh, createPdfPrinter({ browser: browser(), env: {} }))).ok).toBe(true);
    const pdfOf = (dir: string) => readFile(join(dir, '2021-05', 'bulletin-2021-05.pdf'));
    expect((await pdfOf(outDir)).equals(await pdfOf(fresh))).toBe(true);
  });
});

describe('a document sent to the tab as a change of the one it holds', () => {
  const browser = useBrowser();

  it('is sent whole when another printer swapped its own document into the tab since', { timeout: 180_000 }, async () => {
    const content = await tempDir();
    const march = await writeIssue(content, { month: '2021-03', sections: [{ title: 'Trade', body: 'The month in trade.' }] });
    const april = await writeIssue(content, { month: '2021-04', sections: [{ title: 'Energy', body: 'The month in energy, and a longer text besides.' }] });
    // Two printers, one tab: each knows only what it swapped in.
    const first = createPdfPrinter({ browser: browser(), env: {} });
    const second = createPdfPrinter({ browser: browser(), env: {} });
    const build = (issue: string, printer: IssuePrinter, outDir: string) => buildSite({ issueDirs: [issue], outDir, concurrency: 1, force: true, printer });
    const outDir = await tempDir();
    expect((await build(march, first, outDir)).ok).toBe(true);
    expect((await build(april, second, outDir)).ok).toBe(true);
    const section = join(march, '01-section-01.md');
    await writeFile(section, (await readFile(section, 'utf8')).replace('The month in trade.', 'The whole month in trade.'));
    expect((await build(march, first, outDir)).ok).toBe(true);
    const fresh = await tempDir();
    expect((await build(march, createPdfPrinter({ browser: browser(), env: {} }), fresh)).ok).toBe(true);
    const pdfOf = (dir: string) => readFile(join(dir, '2021-03', 'bulletin-2021-03.pdf'));
    expect((await pdfOf(outDir)).equals(await pdfOf(fresh))).toBe(true);
  });
});

describe('the document a tab holds', () => {
  it('is kept by a printer that holds documents (the preview\'s), to send the next print as a change of it, and not by one that holds none (a build\'s)', { timeout: 120_000 }, async () => {
    const content = await tempDir();
    const issue = await writeIssue(content, { sections: [{ title: 'Trade', body: 'The month in trade.' }] });
    const holds = async (heldDocuments: WeakMap<Page, never> | null | undefined) =>
      withOwnBrowser(async (own) => {
        const report = await buildSite({ issueDirs: [issue], outDir: await tempDir(), force: true, printer: createPdfPrinter({ browser: own, env: {}, heldDocuments }) });
        expect(report.ok).toBe(true);
        const pages = await own.browser.pages();
        const held = await Promise.all(pages.map((page) => page.evaluate(() => 'bulletinDocument' in window)));
        return held.includes(true);
      });
    expect(await holds(new WeakMap())).toBe(true);
    expect(await holds(undefined)).toBe(true);
    expect(await holds(null)).toBe(false);
  });
});

/** The browser, telling of every request its pages make. */
function watchingRequests(handle: BrowserHandle, seen: (url: string) => void): BrowserHandle {
  const watched = new WeakSet<Page>();
  return {
    get browser() {
      return handle.browser;
    },
    newPage: async () => {
      const page = await handle.newPage();
      if (!watched.has(page)) {
        watched.add(page);
        page.on('request', (request) => seen(request.url()));
      }
      return page;
    },
    releasePage: (page) => handle.releasePage(page),
    restart: () => handle.restart(),
    close: () => handle.close(),
    kill: () => handle.kill(),
  };
}

async function issueWithChart(root: string, month: string, width: number, height: number): Promise<string> {
  const dir = await writeIssue(root, {
    month,
    sections: [{ title: 'Figures', body: `The chart.\n\n![A chart of ${month}](images/chart.png)\n\nThe end.` }],
  });
  await writeChart(dir, width, height);
  return dir;
}

/** A flat PNG whose size tells which one was printed. */
async function writeChart(issueDir: string, width: number, height: number): Promise<void> {
  const png = new PNG({ width, height });
  png.data.fill(0x80);
  await mkdir(join(issueDir, 'images'), { recursive: true });
  await writeFile(join(issueDir, 'images', 'chart.png'), PNG.sync.write(png));
}

async function chartSizes(pdfPath: string): Promise<Array<[number, number]>> {
  const images = await placedImages(await readPdf(pdfPath));
  return images.map((image) => [image.pixelWidth, image.pixelHeight]);
}
