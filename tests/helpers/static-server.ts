import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serveStaticFile } from '../../src/preview/static-files.js';

export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

/** Serves a folder on 127.0.0.1 as a static host would. */
export async function serveFolder(root: string): Promise<StaticServer> {
  const server = createServer((request, response) => {
    void serveStaticFile(root, new URL(request.url ?? '/', 'http://x').pathname, request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // The test's browser may still hold connections it opened ahead of a request
        // (Chromium preconnects): Node waits for those up to its request timeout (5 min).
        server.closeAllConnections();
      }),
  };
}
