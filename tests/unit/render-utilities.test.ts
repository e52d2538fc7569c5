import { mkdtemp, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { browserAdvice, findBrowser } from '../../src/print/browser.js';
import { loadFontFaces, parseFontFaces } from '../../src/fonts.js';
import { runningHeader } from '../../src/print/print-document.js';
import { cssString } from '../../src/render/templates.js';

describe('cssString', () => {
  it('quotes text for CSS content', () => {
    expect(cssString('Beynəlxalq Münasibətlərin Təhlili Mərkəzi')).toBe('"Beynəlxalq Münasibətlərin Təhlili Mərkəzi"');
  });
  it('escapes what could end the string, the rule or the style element', () => {
    expect(cssString('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(cssString('line\nbreak')).toBe('"line break"');
    expect(cssString('</style><script>')).toBe('"\\3C /style>\\3C script>"');
  });
});

describe('runningHeader', () => {
  const organization = [
    { lang: 'en', name: 'Center' },
    { lang: 'az', name: 'Mərkəz' },
    { lang: 'ru', name: 'Центр' },
  ];
  const layout = (header: string[]) => ({ columns: 1 as const, pageNumbers: 'page' as const, header, hyphenate: true, justify: false });
  it('puts two names at the two edges, in the configured order', () => {
    expect(runningHeader({ organization, layout: layout(['en', 'az']) })).toEqual({ left: 'Center', right: 'Mərkəz' });
    expect(runningHeader({ organization, layout: layout(['az', 'en']) })).toEqual({ left: 'Mərkəz', right: 'Center' });
  });
  it('centres one name, or three', () => {
    expect(runningHeader({ organization, layout: layout(['az']) })).toEqual({ center: 'Mərkəz' });
    expect(runningHeader({ organization, layout: layout(['en', 'az', 'ru']) })).toEqual({ center: 'Center · Mərkəz · Центр' });
  });
});

describe('parseFontFaces', () => {
  it('reads the faces of a fontsource stylesheet with their subsets', () => {
    const css = `/* x */
@font-face { font-family: 'Noto Serif'; font-style: italic; font-weight: 700;
  src: url(./files/noto-serif-latin-ext-700-italic.woff2) format('woff2'), url(./files/noto-serif-latin-ext-700-italic.woff) format('woff');
  unicode-range: U+0100-02BA,U+1E00-1E9F; }
@font-face { font-family: 'Noto Serif'; font-style: normal; font-weight: 400;
  src: url(./files/noto-serif-cyrillic-400-normal.woff2) format('woff2');
  unicode-range: U+0400-045F; }`;
    expect(parseFontFaces(css, '/fonts')).toEqual([
      { subset: 'latin-ext', face: { style: 'italic', weight: 700, unicodeRange: 'U+0100-02BA,U+1E00-1E9F', path: '/fonts/files/noto-serif-latin-ext-700-italic.woff2', fileName: 'noto-serif-latin-ext-700-italic.woff2' } },
      { subset: 'cyrillic', face: { style: 'normal', weight: 400, unicodeRange: 'U+0400-045F', path: '/fonts/files/noto-serif-cyrillic-400-normal.woff2', fileName: 'noto-serif-cyrillic-400-normal.woff2' } },
    ]);
  });
});

describe('loadFontFaces', () => {
  it('ships real bold and italic faces for Latin (with Ə), Cyrillic and Armenian', async () => {
    const faces = await loadFontFaces();
    const has = (family: string, weight: number, style: string, file: RegExp) =>
      faces.some((face) => face.family === family && face.weight === weight && face.style === style && file.test(face.fileName));
    for (const [weight, style] of [[400, 'normal'], [400, 'italic'], [700, 'normal'], [700, 'italic']] as const) {
      expect(has('Bulletin Serif', weight, style, /latin-ext/)).toBe(true);
      expect(has('Bulletin Serif', weight, style, /-cyrillic-/)).toBe(true);
    }
    expect(has('Bulletin Serif Armenian', 400, 'normal', /armenian-armenian/)).toBe(true);
    expect(has('Bulletin Serif Armenian', 700, 'normal', /armenian-armenian/)).toBe(true);
    // Ə (U+018F) and ə (U+0259) fall in the Latin Extended subset's range.
    expect(faces.find((face) => face.family === 'Bulletin Serif' && /latin-ext-400-normal/.test(face.fileName))?.unicodeRange).toMatch(/U\+0100-02BA/);
    expect(new Set(faces.map((face) => face.fileName)).size).toBe(faces.length);
  });
});

describe('findBrowser', () => {
  it('takes an explicit path first, then PUPPETEER_EXECUTABLE_PATH, then the candidates', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bulletin-browser-'));
    const [explicit, fromEnv, candidate] = ['explicit', 'env', 'candidate'].map((name) => join(dir, name)) as [string, string, string];
    for (const path of [explicit, fromEnv, candidate]) {
      await writeFile(path, '#!/bin/sh\n');
      await chmod(path, 0o755);
    }
    const env = { PUPPETEER_EXECUTABLE_PATH: fromEnv };
    expect(await findBrowser({ explicitPath: explicit, env, candidates: [candidate] })).toEqual({ path: explicit });
    expect(await findBrowser({ env, candidates: [candidate] })).toEqual({ path: fromEnv });
    expect(await findBrowser({ env: {}, candidates: [join(dir, 'missing'), candidate] })).toEqual({ path: candidate });
  });

  it('says how to get a browser when there is none', async () => {
    expect(await findBrowser({ env: {}, candidates: ['/nonexistent/chromium'] })).toEqual({ path: undefined, advice: browserAdvice });
    expect(browserAdvice).toMatch(/apt-get install chromium/);
  });

  it('does not fall back when the named browser is missing', async () => {
    const found = await findBrowser({ explicitPath: '/nonexistent/chrome', env: {}, candidates: ['/bin/sh'] });
    expect(found.path).toBeUndefined();
    expect(found.advice).toMatch(/--chromium names \/nonexistent\/chrome/);
  });
});

describe('loadFontFaces without its font package', () => {
  it('says which package is missing and how to get it', async () => {
    const missing = { family: 'Bulletin Serif', npmPackage: '@fontsource/not-installed', styles: ['400'], subsets: ['latin'] };
    await expect(loadFontFaces([missing])).rejects.toThrow('Font package @fontsource/not-installed is missing. Run `npm ci` to install the fonts.');
  });
});
