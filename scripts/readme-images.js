#!/usr/bin/env node
// Renders the README's pictures from the built sample site (run `npx bulletin build` first):
// the PDF's cover and body pages with poppler's pdftoppm, the same paragraphs justified
// without and with hyphenation, and screenshots of the web edition's archive and a section
// page in Chromium, opened from disk as a reader could.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findBrowser, launchBrowser } from '../lib/print/browser.js';

const site = resolve(process.argv[2] ?? 'dist');
const pdf = join(site, '2021-05', 'bulletin-2021-05.pdf');
const outDir = 'docs/images';

if (!existsSync(pdf)) {
  console.error(`No ${pdf}: build the sample first with \`npx bulletin build\`.`);
  process.exit(1);
}
mkdirSync(outDir, { recursive: true });

for (const [name, page] of Object.entries({ 'print-cover': 1, 'print-table-page': 3, 'print-body-page': 8 })) {
  execFileSync('pdftoppm', ['-png', '-r', '70', '-singlefile', '-f', String(page), '-l', String(page), pdf, join(outDir, name)]);
  console.log(`${outDir}/${name}.png ← page ${page} of the PDF`);
}
// The April sample's two editions, side by side in the README: English and Azerbaijani covers.
for (const [name, path] of Object.entries({ 'cover-april-en': join(site, '2021-04', 'bulletin-2021-04.pdf'), 'cover-april-az': join(site, 'az', '2021-04', 'bulletin-2021-04-az.pdf') })) {
  execFileSync('pdftoppm', ['-png', '-r', '50', '-singlefile', '-f', '1', '-l', '1', path, join(outDir, name)]);
  console.log(`${outDir}/${name}.png ← the cover of ${path}`);
}

// Hyphenation, before and after: the sample justified, built without and with it; the top
// of page 3 at 110 dpi.
const scratch = mkdtempSync(join(tmpdir(), 'bulletin-readme-'));
try {
  for (const [name, hyphenate] of Object.entries({ 'hyphenation-before': false, 'hyphenation-after': true })) {
    const config = join(scratch, `${name}.yaml`);
    const layout = `layout:\n  justify: true\n  hyphenate: ${hyphenate}\n`;
    writeFileSync(config, readFileSync('bulletin.config.yaml', 'utf8').replace(/^layout:\n(?:  .*\n)*/m, layout));
    const out = join(scratch, name);
    execFileSync(process.execPath, ['bin/bulletin.js', 'build', 'content/2021-05', '--config', config, '--out', out, '--force', '--quiet']);
    const built = join(out, '2021-05', 'bulletin-2021-05.pdf');
    execFileSync('pdftoppm', ['-png', '-r', '110', '-singlefile', '-f', '3', '-l', '3', '-x', '70', '-y', '85', '-W', '780', '-H', '330', built, join(outDir, name)]);
    console.log(`${outDir}/${name}.png ← page 3, justified, hyphenate: ${hyphenate}`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const found = await findBrowser({ env: process.env });
if (found.path === undefined) {
  console.error(`No screenshots of the web edition: ${found.advice}`);
  process.exit(1);
}
const browser = await launchBrowser({ executablePath: found.path });
try {
  const shots = {
    'web-archive': { path: 'index.html', width: 1100, height: 760 },
    'web-section': { path: '2021-05/03-transport-corridors.html', width: 1100, height: 1100 },
    'web-section-phone': { path: '2021-05/03-transport-corridors.html', width: 360, height: 720 },
  };
  for (const [name, shot] of Object.entries(shots)) {
    const page = await browser.browser.newPage();
    await page.setViewport({ width: shot.width, height: shot.height });
    await page.goto(pathToFileURL(join(site, shot.path)).href, { waitUntil: 'load' });
    const failedFonts = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((face) => face.status === 'error').length;
    });
    if (failedFonts > 0) console.warn(`${shot.path}: ${failedFonts} fonts did not load from disk`);
    await page.screenshot({ path: join(outDir, `${name}.png`) });
    await page.close();
    console.log(`${outDir}/${name}.png ← ${shot.path} at ${shot.width} px`);
  }
} finally {
  await browser.close();
}
