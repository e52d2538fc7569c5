import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import { buildSite } from '../../src/site/build-site.js';
import { useBrowser } from '../helpers/browser.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';

const run = promisify(execFile);

/** Georgian, Thai and emoji, which no shipped font draws, beside Armenian, Cyrillic and Azerbaijani, which they do. */
const uncoveredScripts = join(repoRoot, 'tests', 'fixtures', 'check', 'font-coverage', '2021-05');

/**
 * The families bulletin ships (src/fonts.ts), as the PDF names their subsets:
 * `ABCDEF+NotoSerif-Regular` (Chromium cuts names at 24 characters: `…Armenian-Regula`).
 */
const shippedFont = /^([A-Z]{6}\+)?Noto(Serif|Sans)(Mono|Armenian)?-(Regular|Bold|Italic|BoldItalic|Regula)$/;

describe('the print never uses a font of the machine', () => {
  const browser = useBrowser();

  it('embeds only shipped fonts, also for scripts no shipped font covers (drawn as empty boxes)', async () => {
    const outDir = await tempDir();
    const report = await buildSite({ issueDirs: [uncoveredScripts], outDir, printer: createPdfPrinter({ browser: browser(), env: {} }) });
    expect(report.ok, JSON.stringify(report.issues.map((issue) => issue.failure?.message))).toBe(true);
    const pdfPath = join(outDir, '2021-05', 'bulletin-2021-05.pdf');

    // poppler's list of the fonts in the file.
    const { stdout } = await run('pdffonts', [pdfPath]);
    const popplerFonts = stdout.split('\n').slice(2).filter(Boolean).map((line) => line.split(/\s+/)[0]!);
    expect(popplerFonts.length).toBeGreaterThan(1);
    expect(popplerFonts.filter((name) => !shippedFont.test(name))).toEqual([]);

    // MuPDF's: the font each character on each page is drawn in.
    const document = mupdf.Document.openDocument(new Uint8Array(await readFile(pdfPath)), 'application/pdf');
    const drawnIn = new Set<string>();
    for (let index = 0; index < document.countPages(); index++) {
      document.loadPage(index).toStructuredText('preserve-whitespace').walk({ onChar: (_c, _o, font) => void drawnIn.add(font.getName()) });
    }
    expect(drawnIn.size).toBeGreaterThan(1);
    expect([...drawnIn].filter((name) => !shippedFont.test(name))).toEqual([]);
  }, 60_000);
});
