import { randomUUID } from 'node:crypto';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSite, type BuildReport } from '../../src/site/build-site.js';
import { formatMessages } from '../../src/diagnostics/report.js';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import { useBrowser } from '../helpers/browser.js';
import { pdfText } from '../helpers/pdf.js';
import { tempDir } from '../helpers/temp.js';
import { writeIssue } from '../helpers/write-issue.js';
import { withoutSoftHyphens } from '../helpers/text.js';

describe('content that tries to do more than content should', () => {
  const browser = useBrowser();
  const requests: string[] = [];
  const server = createServer((request, response) => {
    requests.push(request.url ?? '');
    response.writeHead(200, { 'content-type': 'text/plain' }).end('SERVER-SECRET');
  });
  let origin = '';
  let report: BuildReport;
  let outDir: string;
  let issueDir: string;
  // A file of the machine, outside the issue, with a word no page has.
  const secretWord = `SECRET-${randomUUID()}`;
  const secret = join(tmpdir(), `${secretWord}.txt`);

  beforeAll(async () => {
    await writeFile(secret, `${secretWord}\n`);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const body = [
      'Ordinary text.',
      '',
      `![The machine's name](file://${secret})`,
      '',
      `![Tracker](${origin}/tracker.png)`,
      '',
      `<iframe src="file://${secret}"></iframe>`,
      '',
      `[The secret](file://${secret})`,
      '',
      `<script>document.body.innerHTML = 'SCRIPT-RAN'</script>`,
      '',
      `<img alt="An image with a handler" src="${origin}/handler-image.png" onerror="document.body.innerHTML = 'HANDLER-RAN'">`,
      '',
      `<style>@import url("${origin}/style.css"); body { display: none }</style>`,
      '',
      `<object data="file:///etc/passwd"></object>`,
      '',
      `[A link that runs](javascript:document.body.innerHTML='LINK-RAN')`,
    ].join('\n');
    issueDir = await writeIssue(join(await tempDir(), 'content'), { sections: [{ title: 'Untrusted', body }] });
    outDir = await tempDir();
    report = await buildSite({ issueDirs: [issueDir], outDir, printer: createPdfPrinter({ browser: browser(), env: {} }) });
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('still builds, and reports what it removed or left out', () => {
    expect(report.ok).toBe(true);
    const rules = formatMessages(report.issues[0]!.files, { cwd: issueDir }).map((line) => /\[([\w-]+)\]$/.exec(line)?.[1]);
    expect(rules).toEqual(expect.arrayContaining(['unsafe-url', 'unsafe-html', 'image-remote']));
  });

  it('lets the print render reach no server and no file of the machine', async () => {
    expect(requests).toEqual([]);
    const text = withoutSoftHyphens(await pdfText(join(outDir, '2021-05', 'bulletin-2021-05.pdf')));
    expect(text).toContain('Ordinary text.');
    expect(text).not.toContain(secretWord);
    for (const marker of ['root:', 'SERVER-SECRET', 'SCRIPT-RAN', 'HANDLER-RAN', 'LINK-RAN']) expect(text).not.toContain(marker);
  });

  it('writes no script, handler, frame, style or file URL into any page', async () => {
    for (const page of (await readdir(join(outDir, '2021-05'))).filter((name) => name.endsWith('.html'))) {
      // bulletin's own search script is the one script a page may have (templates/partials/search.hbs).
      const html = (await readFile(join(outDir, '2021-05', page), 'utf8')).replace(/<script type="module" src="\.\.\/assets\/search\.[0-9a-f]{10}\.js"><\/script>/, '');
      expect(html, page).not.toMatch(/<script|onerror|<iframe|<object|<style|file:|javascript:/i);
    }
  });
});
