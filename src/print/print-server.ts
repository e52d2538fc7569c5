import { readFile, realpath } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Buffer } from 'node:buffer';
import type { Page, Protocol } from 'puppeteer-core';
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
 * Serves until the returned function is called. The requests are taken as DevTools
 * pauses them (`Fetch`), on a session of the server's own: Puppeteer's interception
 * tells of a request only once Chromium has also reported it to the page's network
 * events, which a renderer busy laying the document out sends late (measured: the
 * fonts of a first print told 40–67 ms after they were asked for).
 */
export async function serveIssue(page: Page, issue: Issue, job: PrintJob, documentUrl: string, documentHtml: { current: string }): Promise<() => void> {
  const documentPath = new URL(documentUrl).pathname;
  const issuePrefix = documentPath.slice(0, documentPath.lastIndexOf('/') + 1);
  const fonts = new Map(job.fonts.map((font) => [font.fileName, font.path]));
  const issueDir = resolve(issue.sourceDir);
  const realIssueDir = realpath(issueDir);
  const session = await page.createCDPSession();
  const reply = (requestId: string, status: number, contentType: string, body: string | Uint8Array) =>
    session.send('Fetch.fulfillRequest', { requestId, responseCode: status, responseHeaders: [{ name: 'Content-Type', value: contentType }], body: Buffer.from(body).toString('base64') });
  async function answer({ requestId, request }: Protocol.Fetch.RequestPausedEvent): Promise<void> {
    const url = new URL(request.url);
    if (url.origin !== origin) {
      await session.send('Fetch.failRequest', { requestId, errorReason: 'BlockedByClient' });
      return;
    }
    if (url.pathname === documentPath) {
      await reply(requestId, 200, 'text/html; charset=utf-8', documentHtml.current);
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
    // The issue's images at the size they are printed; fonts as they are.
    const body = file === undefined ? undefined : await (path.startsWith(fontPrefix) ? readFile(file) : imageForPrint(file)).catch(() => undefined);
    if (file === undefined || body === undefined) await reply(requestId, 404, 'text/plain', '');
    else await reply(requestId, 200, mediaTypeOf(file), body);
  }
  const onPaused = (event: Protocol.Fetch.RequestPausedEvent) => {
    void answer(event).catch(() => session.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'Failed' }).catch(() => {}));
  };
  session.on('Fetch.requestPaused', onPaused);
  await session.send('Fetch.enable', { patterns: [{ urlPattern: '*' }] });
  return () => {
    session.off('Fetch.requestPaused', onPaused);
    // A page that rendered goes back to the pool: nothing it asks for later is answered from here.
    void session.send('Fetch.disable').catch(() => {}).finally(() => session.detach().catch(() => {}));
  };
}
