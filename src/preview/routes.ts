import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventStream } from './events.js';
import { serveStaticFile } from './static-files.js';

export interface PreviewRoutes<State> {
  /** The page with both panes. */
  shell: () => string;
  events: EventStream<State>;
  state: () => State | undefined;
  /** Where the rebuilt site is, served under /site/. */
  outDir: string;
  /** Where each PDF is shown from as soon as it is printed (preview-server.ts), served under /printed/. */
  printedDir: string;
  /** `host:port` names the preview answers to; any other Host (or Origin) is refused. */
  allowedHosts: () => ReadonlySet<string>;
}

/**
 * Whether a request is for this preview by one of its own names. A web page the editor
 * visits can make the browser ask 127.0.0.1 under a name of its own (DNS rebinding):
 * the Host header then names that site, and the request is refused, as Vite's dev
 * server does. A page's scripts also send an Origin, which must be the preview's.
 */
export function ownRequest(request: IncomingMessage, allowed: ReadonlySet<string>): boolean {
  const host = request.headers.host?.toLowerCase();
  if (host === undefined || !allowed.has(host)) return false;
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' && allowed.has(url.host.toLowerCase());
  } catch {
    return false;
  }
}

/** The preview's addresses: `/` the shell, `/events` the stream, `/status` the last state, `/site/…` the editions, `/printed/…` the PDFs as printed. */
export function previewRoutes<State>(routes: PreviewRoutes<State>) {
  return (request: IncomingMessage, response: ServerResponse): void => {
    if (!ownRequest(request, routes.allowedHosts())) {
      response.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('This preview answers only to its own address.');
      return;
    }
    const url = new URL(request.url ?? '/', 'http://preview');
    if (url.pathname === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(routes.shell());
    } else if (url.pathname === '/events') {
      routes.events.attach(request, response, routes.state());
    } else if (url.pathname === '/status') {
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(routes.state() ?? null));
    } else if (url.pathname.startsWith('/site/')) {
      void serveStaticFile(routes.outDir, url.pathname.slice('/site'.length), request, response);
    } else if (url.pathname.startsWith('/printed/')) {
      void serveStaticFile(routes.printedDir, url.pathname.slice('/printed'.length), request, response);
    } else {
      response.writeHead(404).end();
    }
  };
}
