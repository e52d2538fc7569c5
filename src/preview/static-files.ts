import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join, normalize, relative, sep } from 'node:path';
import { mediaTypeOf } from '../media-types.js';


/**
 * Answers a request with a file under `root`, the way a static host does
 * (a folder serves its index.html); 404 when there is none, 403 outside root.
 */
export async function serveStaticFile(root: string, pathname: string, request: IncomingMessage, response: ServerResponse): Promise<void> {
  let path: string;
  try {
    path = normalize(decodeURIComponent(pathname));
  } catch {
    response.writeHead(400).end();
    return;
  }
  let file = join(root, path);
  const inside = relative(root, file);
  if (inside.startsWith('..') || inside.startsWith(sep)) {
    response.writeHead(403).end();
    return;
  }
  if ((await stat(file).catch(() => undefined))?.isDirectory()) file = join(file, 'index.html');
  const body = await readFile(file).catch(() => undefined);
  if (body === undefined) {
    response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found');
    return;
  }
  response.writeHead(200, {
    'content-type': mediaTypeOf(file),
    'content-length': body.byteLength,
    'cache-control': 'no-store',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
