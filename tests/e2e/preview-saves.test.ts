import { cp, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPreview, type Preview } from '../../src/preview/preview-server.js';
import { fixtureIssue, repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';

async function until(what: string, probe: () => Promise<boolean>, timeout: number): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Saves as vim, JetBrains and `sed -i` do: a new file written beside the old, then renamed over it. */
async function saveByRename(path: string, text: string): Promise<void> {
  const temporary = `${path}.tmp~`;
  await writeFile(temporary, text);
  await rename(temporary, path);
}

describe('the preview sees every save', () => {
  let preview: Preview;
  let issueDir: string;
  let configPath: string;
  beforeAll(async () => {
    const project = await tempDir();
    issueDir = join(project, 'content', '2021-05');
    await cp(fixtureIssue('other-author'), issueDir, { recursive: true });
    configPath = join(project, 'bulletin.config.yaml');
    await cp(join(repoRoot, 'bulletin.config.yaml'), configPath);
    preview = await startPreview({ issueDir, host: '127.0.0.1', port: 0, printer: undefined, cwd: project });
    await preview.firstBuild;
  });
  afterAll(async () => {
    await preview.close();
  });

  const page = () => fetch(`${preview.url}site/2021-05/all.html`).then((response) => response.text());

  it('made by renaming a new file over the old, ten times in a row', async () => {
    const [name] = (await readdir(issueDir)).filter((file) => /^\d\d-.*\.md$/.test(file));
    const path = join(issueDir, name!);
    const original = await readFile(path, 'utf8');
    for (let save = 1; save <= 10; save++) {
      const before = preview.state()?.version ?? 0;
      await saveByRename(path, `${original}\nSaved by rename: save${save}done.\n`);
      await until(`rebuild after save ${save}`, async () => (preview.state()?.version ?? 0) > before, 15_000);
      expect(await page(), `save ${save}`).toContain(`save${save}done.`);
    }
  }, 120_000);

  it('of the config, made the same way, twice', async () => {
    const original = await readFile(configPath, 'utf8');
    // The site's address shows on every page, as its canonical link.
    for (const address of ['https://first.example.org/', 'https://second.example.org/']) {
      const before = preview.state()?.version ?? 0;
      await saveByRename(configPath, original.replace('https://bulletin.example.org/', address));
      await until(`rebuild after the config names ${address}`, async () => (preview.state()?.version ?? 0) > before, 15_000);
      await until(`the page to link ${address}`, async () => (await page()).includes(`${address}2021-05/all.html`), 15_000);
    }
  }, 60_000);
});
