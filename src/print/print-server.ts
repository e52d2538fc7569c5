import { readFile, realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { HTTPRequest, Page } from 'puppeteer-core';
import { mediaTypeOf } from '../media-types.js';
import type { Issue } from '../model/types.js';
import { isInside } from '../paths.js';
import { imageForPrint } from './print-image.js';
import type { PrintJob } from './print-job.js';

/** The print document is served from this origin, which no network can answer. */
export const origin = 'http://bulletin.invalid';
/** Where the font files are, on that origin. */
export const fontPrefix = '/_fonts/';

/**
 * Answers every request of the page from memory and the issue folder: the
 * document, the fonts, and the issue's images. Anything else (the network, other
 * files on the machine) is refused, so content cannot reach outside its folder.
 * Serves until the returned function is called.
 */
export async function serveIssue(page: Page, issue: Issue, job: PrintJob, documentUrl: string, documentHtml: { current: string }): Promise<() => void> {
  const documentPath = new URL(documentUrl).pathname;
  const issuePrefix = documentPath.slice(0, documentPath.lastIndexOf('/') + 1);
  const fonts = new Map(job.fonts.map((font) => [font.fileName, font.path]));
  const issueDir = resolve(issue.sourceDir);
  const realIssueDir = realpath(issueDir);
  await page.setRequestInterception(true);
  const onRequest = (request: HTTPRequest) => {
    void answer(request).catch(() => request.abort('failed').catch(() => {}));
  };
  page.on('request', onRequest);
  async function answer(request: HTTPRequest): Promise<void> {
    const url = new URL(request.url());
    if (url.origin !== origin) {
      await request.abort('blockedbyclient');
      return;
    }
    if (url.pathname === documentPath) {
      await request.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: documentHtml.current });
      return;
    }
    const path = decodeURIComponent(url.pathname);
    let file: string | undefined;
    if (path.startsWith(fontPrefix)) file = fonts.get(path.slice(fontPrefix.length));
    else if (url.pathname.startsWith(issuePrefix)) {
      // Only the issue's own files, followed through symbolic links: `check` reports
      // the rest, and here they are simply not served.
      const candidate = await realpath(resolve(issueDir, `./${decodeURIComponent(url.pathname.slice(issuePrefix.length))}`)).catch(() => undefined);
      if (candidate !== undefined && isInside(await realIssueDir, candidate)) file = candidate;
    }
    if (file === undefined) {
      await request.respond({ status: 404, body: '' });
      return;
    }
    // The issue's images at the size they are printed; fonts as they are.
    const body = await (path.startsWith(fontPrefix) ? readFile(file) : imageForPrint(file)).catch(() => undefined);
    if (body === undefined) await request.respond({ status: 404, body: '' });
    else await request.respond({ status: 200, contentType: mediaTypeOf(file), body });
  }
  return () => page.off('request', onRequest);
}
