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
}

/** The preview's addresses: `/` the shell, `/events` the stream, `/status` the last state, `/site/…` the editions. */
export function previewRoutes<State>(routes: PreviewRoutes<State>) {
  return (request: IncomingMessage, response: ServerResponse): void => {
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
    } else {
      response.writeHead(404).end();
    }
  };
}
