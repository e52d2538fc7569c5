import { cp } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPreview, type Preview } from '../../src/preview/preview-server.js';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import { useBrowser } from '../helpers/browser.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';

describe('the site the preview builds around the previewed issue', () => {
  const browser = useBrowser();

  // The PDF pane loads the PDF from the issue's folder as soon as /status names it. The
  // rest of the site is built after it: a rebuild of the previewed issue there (a
  // web-only build, of another key) replaced the folder, which was absent for a moment,
  // and a fresh clone's test run once fetched the PDF in that moment and got a 404.
  it('leaves the previewed issue’s folder in place, PDF and all, and still builds the other issue and its language version', { timeout: 120_000 }, async () => {
    const project = await tempDir();
    await cp(join(repoRoot, 'content'), join(project, 'content'), { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(project, 'bulletin.config.yaml'));
    let preview: Preview | undefined;
    let folderWhenPdfShown: bigint | undefined;
    preview = await startPreview({
      issueDir: join(project, 'content', '2021-04'),
      host: '127.0.0.1',
      port: 0,
      printer: createPdfPrinter({ browser: browser(), env: {} }),
      cwd: project,
      // Told synchronously, before the rest of the site is built.
      onBuild: (state) => {
        if (state.phase === 'pdf' && state.ok && preview !== undefined) folderWhenPdfShown = statSync(join(preview.siteDir, '2021-04'), { bigint: true }).ino;
      },
    });
    try {
      await preview.firstBuild;
      expect(folderWhenPdfShown).toBeDefined();
      expect(statSync(join(preview.siteDir, '2021-04'), { bigint: true }).ino).toBe(folderWhenPdfShown);
      const fetched = async (path: string) => {
        const response = await fetch(`${preview!.url}site/${path}`);
        return { status: response.status, type: response.headers.get('content-type') };
      };
      expect(await fetched('2021-04/bulletin-2021-04.pdf')).toEqual({ status: 200, type: 'application/pdf' });
      // The other issue, and the previewed issue's language version, are in the site all the same.
      expect((await fetched('2021-05/index.html')).status).toBe(200);
      expect((await fetched('az/2021-04/index.html')).status).toBe(200);
      const archive = await (await fetch(`${preview.url}site/index.html`)).text();
      expect(archive).toContain('2021-04/');
      expect(archive).toContain('2021-05/');
    } finally {
      await preview.close();
    }
  });
});
