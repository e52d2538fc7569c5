import { execFile } from 'node:child_process';
import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, PDFName, PDFString } from 'pdf-lib';
import { fromHtml } from 'hast-util-from-html';
import { visit } from 'unist-util-visit';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import { buildSite } from '../../src/site/build-site.js';
import { useBrowser } from '../helpers/browser.js';
import { runCli } from '../helpers/cli.js';
import { fixtureIssue, repoRoot } from '../helpers/paths.js';
import { extractPages, longWords, pdfEngines, searchableWords } from '../helpers/pdf-engines.js';
import { sourceText } from '../helpers/markdown.js';
import { serveFolder } from '../helpers/static-server.js';
import { tempDir } from '../helpers/temp.js';

const run = promisify(execFile);
const azerbaijaniIssue = join(repoRoot, 'tests', 'fixtures', 'issues', 'azerbaijani', '2021-04');

/**
 * The English catalogue's words: each message's text between its placeholders, where
 * the Azerbaijani catalogue says it otherwise ("PDF, " is the same in both).
 */
async function englishInterfaceWords(): Promise<string[]> {
  const read = async (lang: string) => parse(await readFile(join(repoRoot, 'templates', 'locales', `${lang}.yaml`), 'utf8')) as Record<string, string | Record<string, string>>;
  const [english, azerbaijani] = [await read('en'), await read('az')];
  const forms = (message: string | Record<string, string> | undefined) => (message === undefined ? [] : typeof message === 'string' ? [message] : Object.values(message));
  const words = new Set<string>();
  for (const [key, message] of Object.entries(english)) {
    const theirs = forms(azerbaijani[key]).join('\n');
    for (const form of forms(message)) {
      for (const part of form.split(/\{\w+\}/)) {
        const text = part.replace(/^[\s,.:;“”«»—-]+|[\s,.:;“”«»—-]+$/g, '');
        if (text.length >= 4 && !theirs.includes(text)) words.add(text);
      }
    }
  }
  return [...words];
}

/** What a page says to its readers: its text, and the attributes that are read out or shown (not class names). */
function wordsOfPage(html: string): string {
  const said: string[] = [];
  visit(fromHtml(html), (node) => {
    if (node.type === 'text') said.push(node.value);
    if (node.type === 'element') {
      for (const [name, value] of Object.entries(node.properties)) {
        if (/^(ariaLabel|title|alt|content|label|dataLabel\w+)$/.test(name)) said.push(String(value));
      }
    }
  });
  return said.join('\n');
}

describe('an issue in Azerbaijani', () => {
  const browser = useBrowser();
  let outDir: string;
  let pdfPath: string;

  beforeAll(async () => {
    outDir = await tempDir();
    const report = await buildSite({ issueDirs: [azerbaijaniIssue], outDir, printer: createPdfPrinter({ browser: browser(), env: {} }) });
    expect(report.ok, JSON.stringify(report.issues.map((issue) => issue.failure?.message))).toBe(true);
    pdfPath = join(outDir, '2021-04', 'bulletin-2021-04.pdf');
  }, 120_000);

  it('has no English word of the interface on any page or in the PDF', async () => {
    const english = await englishInterfaceWords();
    expect(english).toEqual(expect.arrayContaining(['Contents', 'Download the print edition', 'All issues', 'Read the whole issue on one page', 'Notes', 'Search every issue']));
    const pages = (await readdir(outDir, { recursive: true })).filter((name) => name.endsWith('.html'));
    expect(pages.length).toBeGreaterThanOrEqual(5);
    for (const page of pages) {
      // The English name of the organization is the masthead's, not the interface's.
      const html = wordsOfPage((await readFile(join(outDir, page), 'utf8')).replace(/\u00ad/g, '')).replaceAll('Center of Analysis of International Relations', '');
      for (const words of english) expect(html, `${page} says "${words}"`).not.toContain(words);
    }
    const text = (await extractPages('poppler', pdfPath)).join('\n').replaceAll('Center of Analysis of International Relations', '');
    for (const words of english) expect(text, `the PDF says "${words}"`).not.toContain(words);
    expect(text).toContain('Qeydlər');
  });

  it('upper-cases by Azerbaijani rules, with a dotted İ, in the PDF as every engine reads it and on the web', async () => {
    for (const engine of pdfEngines) {
      const cover = (await extractPages(engine, pdfPath))[0] ?? '';
      expect(cover, engine).toMatch(/XARİCİ\s+SİYASƏT\s+BÜLLETENİ/);
      expect(cover, engine).toContain('MÜNDƏRİCAT');
      expect(cover, engine).toContain('APREL 2021');
    }
    const server = await serveFolder(outDir);
    try {
      const page = await browser().browser.newPage();
      await page.goto(`${server.url}2021-04/`);
      expect(await page.$eval('.issue-title', (title) => (title as HTMLElement).innerText)).toBe('XARİCİ SİYASƏT BÜLLETENİ');
      await page.close();
    } finally {
      await server.close();
    }
  });

  it('says its language in the PDF, and leads the masthead and running header with the Azerbaijani name', async () => {
    const document = await PDFDocument.load(await readFile(pdfPath));
    expect((document.catalog.get(PDFName.of('Lang')) as PDFString | undefined)?.decodeText()).toBe('az');
    const pages = await extractPages('poppler', pdfPath);
    expect(pages[0]!.trimStart().startsWith('Beynəlxalq Münasibətlərin Təhlili Mərkəzi')).toBe(true);
    expect(pages[1]!.trimStart().startsWith('Beynəlxalq Münasibətlərin Təhlili Mərkəzi')).toBe(true);
    const html = await readFile(join(outDir, '2021-04', 'index.html'), 'utf8');
    expect(html.indexOf('lang="az">Beynəlxalq')).toBeLessThan(html.indexOf('lang="en">Center'));
  });

  it('hyphenates Azerbaijani words at line ends, each between two of its syllables as the list divides them', async () => {
    const list = (await readFile(join(repoRoot, 'tests', 'fixtures', 'hyphenation', 'azerbaijani-syllables.txt'), 'utf8')).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    const syllables = new Map(list.map((entry) => [entry.replaceAll('-', ''), entry]));
    const { stdout } = await run('pdftotext', ['-raw', '-enc', 'UTF-8', pdfPath, '-']);
    const lines = stdout.split('\n');
    const broken: string[] = [];
    lines.forEach((line, index) => {
      const first = /(\p{L}+)[\u2010-]$/u.exec(line)?.[1];
      const second = /^(\p{L}+)/u.exec(lines[index + 1] ?? '')?.[1];
      if (first !== undefined && second !== undefined && /[əığşçöüİ]/iu.test(first + second)) broken.push(`${first}-${second}`);
    });
    expect(broken.length).toBeGreaterThan(4);
    for (const word of broken) {
      const known = syllables.get(word.replace('-', ''));
      expect(known, `${word} is not in tests/fixtures/hyphenation/azerbaijani-syllables.txt: add it, divided into syllables`).toBeDefined();
      const at = word.indexOf('-');
      const boundaries = [...known!].reduce<number[]>((found, char, index) => (char === '-' ? [...found, index - found.length] : found), []);
      expect(boundaries, `${word} (${known})`).toContain(at);
    }
  });
});

describe('the April sample and its Azerbaijani version, printed', () => {
  const browser = useBrowser();

  it('gives each version a PDF of its own name and language, whose every word reads whole in every engine', async () => {
    const outDir = await tempDir();
    const april = join(repoRoot, 'content', '2021-04');
    const report = await buildSite({ issueDirs: [april], outDir, printer: createPdfPrinter({ browser: browser(), env: {} }) });
    expect(report.ok, JSON.stringify(report.issues.map((issue) => issue.failure?.message))).toBe(true);
    const versions = [
      { edition: undefined, path: join(outDir, '2021-04', 'bulletin-2021-04.pdf'), lang: 'en' },
      { edition: 'az', path: join(outDir, 'az', '2021-04', 'bulletin-2021-04-az.pdf'), lang: 'az' },
    ];
    for (const { edition, path, lang } of versions) {
      const document = await PDFDocument.load(await readFile(path));
      expect((document.catalog.get(PDFName.of('Lang')) as PDFString | undefined)?.decodeText(), path).toBe(lang);
      const source = longWords(await sourceText(april, edition));
      expect(source.size).toBeGreaterThan(100);
      for (const engine of pdfEngines) {
        const found = searchableWords((await extractPages(engine, path)).join('\n'));
        expect([...source].filter((word) => !found.has(word)), `${engine}, ${lang}`).toEqual([]);
      }
    }
    // Built again elsewhere: the same bytes, in both languages.
    const again = await tempDir();
    expect((await buildSite({ issueDirs: [april], outDir: again, printer: createPdfPrinter({ browser: browser(), env: {} }) })).ok).toBe(true);
    for (const { path } of versions) expect((await readFile(path)).equals(await readFile(join(again, relative(outDir, path)))), path).toBe(true);
  }, 120_000);
});

describe('catalogues of the interface', () => {
  it('names each key a language lacks, and a language without a catalogue, in check', async () => {
    const templates = await tempDir();
    await cp(join(repoRoot, 'templates'), templates, { recursive: true });
    const az = join(templates, 'locales', 'az.yaml');
    await writeFile(az, (await readFile(az, 'utf8')).replace(/^all-issues: .*\n/m, ''));
    const project = await tempDir();
    await cp(azerbaijaniIssue, join(project, '2021-04'), { recursive: true });
    const built = await runCli(['build', join(project, '2021-04'), '--out', join(project, 'dist'), '--no-pdf', '--templates', templates]);
    expect(built.code, built.stderr).toBe(0);
    expect(built.stderr).toMatch(/issue\.md:1:1: warning: The catalogue for "az" has no "all-issues"; that word of the interface is in English until it is added to templates\/locales\/az\.yaml \[locale-missing-key\]/);
    expect(await readFile(join(project, 'dist', '2021-04', '01-icmal.html'), 'utf8')).toContain('>All issues<');

    // layout.masthead sets another order: the English name first, in an Azerbaijani issue.
    const issueFile = join(project, '2021-04', 'issue.md');
    await writeFile(issueFile, (await readFile(issueFile, 'utf8')).replace('lang: az\n', 'lang: az\nlayout:\n  masthead: [en, az]\n'));
    expect((await runCli(['build', join(project, '2021-04'), '--out', join(project, 'dist'), '--no-pdf'])).code).toBe(0);
    const page = await readFile(join(project, 'dist', '2021-04', 'index.html'), 'utf8');
    expect(page.indexOf('lang="en">Center')).toBeLessThan(page.indexOf('lang="az">Beynəlxalq'));

    const german = join(project, '2021-04', 'issue.md');
    await writeFile(german, (await readFile(german, 'utf8')).replace('lang: az', 'lang: de'));
    const checked = await runCli(['check', join(project, '2021-04')]);
    expect(checked.stdout).toMatch(/warning: No catalogue for the issue's language "de": the interface .* is in English; add templates\/locales\/de\.yaml/);
  });
});
