import { access, constants, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser, isHeadlessShell, launchBrowser } from '../../src/print/browser.js';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import { buildSite } from '../../src/site/build-site.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';

const executable = (path: string) => access(path, constants.X_OK).then(() => true, () => false);

async function firstInstalled(paths: string[], what: string): Promise<string> {
  for (const path of paths) if (await executable(path)) return path;
  throw new Error(`This test needs ${what} (${paths.join(', ')}): CI installs Debian's chromium and chromium-headless-shell.`);
}

/**
 * bulletin prints with Chromium's headless shell when it is installed (it starts in a
 * fraction of the browser's time). The shell must print what the browser prints: the
 * same layout, the same glyphs, the same text for readers.
 */
describe('the headless shell', () => {
  it('is what bulletin finds when it is installed', async () => {
    await firstInstalled(['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium-headless-shell'], 'the headless shell');
    const found = await findBrowser({ env: {} });
    expect(found.path !== undefined && isHeadlessShell(found.path)).toBe(true);
    expect(isHeadlessShell('/usr/bin/chromium')).toBe(false);
    expect(isHeadlessShell('/home/a/.cache/puppeteer/chrome-headless-shell/linux-156/chrome-headless-shell-linux64/chrome-headless-shell')).toBe(true);
  });

  it('prints the sample issue to the very bytes the browser prints', { timeout: 180_000 }, async () => {
    const shell = await firstInstalled(['/usr/lib/chromium/chromium-headless-shell', '/usr/bin/chromium-headless-shell'], 'the headless shell');
    const browser = await firstInstalled(['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'], 'a Chromium browser');
    const printed: Buffer[] = [];
    for (const executablePath of [browser, shell]) {
      const handle = await launchBrowser({ executablePath });
      const outDir = await tempDir();
      try {
        const report = await buildSite({ issueDirs: [join(repoRoot, 'content', '2021-05')], outDir, printer: createPdfPrinter({ browser: handle, env: {} }) });
        expect(report.ok).toBe(true);
      } finally {
        await handle.close();
      }
      printed.push(await readFile(join(outDir, '2021-05', 'bulletin-2021-05.pdf')));
    }
    // Same build date (the issue's month), same creator: any difference is the print's own.
    expect(printed[1]!.equals(printed[0]!)).toBe(true);
  });
});
