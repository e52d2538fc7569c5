import { chmod, mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printFontConfig } from '../../src/print/print-fontconfig.js';
import { tempDir } from '../helpers/temp.js';

describe("the print's fontconfig", () => {
  it('is made once in a private folder of the temp folder, and reused', async () => {
    const root = await tempDir();
    const path = await printFontConfig(root);
    expect(await printFontConfig(root)).toBe(path);
    expect(await readFile(path, 'utf8')).toContain('Made by bulletin');
    expect(await readdir(root)).toEqual([basename(dirname(path))]);
  });

  it('is not taken from a folder of that name that others may write: a planted configuration is never used', async () => {
    const name = basename(dirname(await printFontConfig(await tempDir())));
    const root = await tempDir();
    const planted = join(root, name);
    await mkdir(planted);
    await writeFile(join(planted, 'fonts.conf'), '<fontconfig><dir>/home/someone-else/fonts</dir></fontconfig>');
    await chmod(planted, 0o777);
    const path = await printFontConfig(root);
    expect(dirname(path)).not.toBe(planted);
    expect(await readFile(path, 'utf8')).toContain('Made by bulletin');
  });
});
