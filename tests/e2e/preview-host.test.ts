import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parsePreviewArguments } from '../../src/cli/preview-command.js';
import { startPreview, type Preview } from '../../src/preview/preview-server.js';
import { fixtureIssue, repoRoot } from '../helpers/paths.js';

/** A GET to the preview with the headers a browser, or an attacker's page, would send. */
function get(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    request({ host: target.hostname, port: target.port, path: target.pathname, headers }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    })
      .on('error', reject)
      .end();
  });
}

describe('the preview answers only its own address', () => {
  let preview: Preview;
  let port: string;
  beforeAll(async () => {
    preview = await startPreview({ issueDir: fixtureIssue('other-author'), host: '127.0.0.1', port: 0, printer: undefined, cwd: repoRoot });
    await preview.firstBuild;
    port = new URL(preview.url).port;
  });
  afterAll(async () => {
    await preview.close();
  });

  it('serves its pages, status and events under 127.0.0.1 and localhost', async () => {
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`]) {
      expect(await get(`${preview.url}status`, { host })).toBe(200);
      expect(await get(`${preview.url}site/2021-05/index.html`, { host })).toBe(200);
    }
    expect(await get(`${preview.url}site/2021-05/index.html`, { host: `127.0.0.1:${port}`, origin: `http://localhost:${port}` })).toBe(200);
  });

  it('refuses another Host (DNS rebinding) and another Origin, on every route', async () => {
    for (const path of ['', 'status', 'events', 'site/2021-05/index.html', 'site/2021-05/bulletin-2021-05.pdf']) {
      expect(await get(`${preview.url}${path}`, { host: 'evil.example' }), path).toBe(403);
      expect(await get(`${preview.url}${path}`, { host: `evil.example:${port}` }), path).toBe(403);
      expect(await get(`${preview.url}${path}`, { host: `127.0.0.1:${port}`, origin: 'http://evil.example' }), path).toBe(403);
    }
  });
});

describe('bulletin preview --host', () => {
  it('listens beyond this machine only with --allow-host naming the address', () => {
    expect(() => parsePreviewArguments(['--host', '0.0.0.0'])).toThrow(/--allow-host/);
    expect(parsePreviewArguments(['--host', '0.0.0.0', '--allow-host', 'editor.lan']).allowHosts).toEqual(['editor.lan']);
    expect(parsePreviewArguments([]).host).toBe('127.0.0.1');
  });
});
