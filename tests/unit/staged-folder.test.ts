import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverStagedFolders, stageFolder } from '../../src/output/staged-folder.js';
import { tempDir } from '../helpers/temp.js';

async function folderWith(path: string, text: string): Promise<void> {
  await mkdir(path, { recursive: true });
  await writeFile(join(path, 'page.html'), text);
}

describe('staged folders', () => {
  it('replaces the old folder as a whole, keeping the files asked for', async () => {
    const parent = await tempDir();
    const target = join(parent, '2021-05');
    await folderWith(target, 'old');
    await writeFile(join(target, 'stale.html'), 'old');
    await writeFile(join(target, 'kept.pdf'), 'old pdf');
    const staged = await stageFolder(target, (name) => name.endsWith('.pdf'));
    await writeFile(join(staged.path, 'page.html'), 'new');
    expect(await readFile(join(target, 'page.html'), 'utf8')).toBe('old');
    await staged.commit();
    expect((await readdir(target)).sort()).toEqual(['kept.pdf', 'page.html']);
    expect(await readFile(join(target, 'page.html'), 'utf8')).toBe('new');
    expect(await readdir(parent)).toEqual(['2021-05']);
  });

  it('after a build killed between its two renames, puts the whole new folder in place, else the old one', async () => {
    const parent = await tempDir();
    await folderWith(join(parent, '.bulletin-staging-1-a', '2021-05'), 'new');
    await folderWith(join(parent, '.bulletin-staging-1-a', '2021-05.old'), 'old');
    await folderWith(join(parent, '.bulletin-staging-2-b', '2021-04.old'), 'old April');
    await folderWith(join(parent, '.bulletin-staging-3-c', '2021-03'), 'half-written');
    await folderWith(join(parent, '2021-03'), 'March');
    await recoverStagedFolders(parent);
    expect((await readdir(parent)).sort()).toEqual(['2021-03', '2021-04', '2021-05']);
    expect(await readFile(join(parent, '2021-05', 'page.html'), 'utf8')).toBe('new');
    expect(await readFile(join(parent, '2021-04', 'page.html'), 'utf8')).toBe('old April');
    expect(await readFile(join(parent, '2021-03', 'page.html'), 'utf8')).toBe('March');
  });
});
