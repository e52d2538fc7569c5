import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolFingerprint, type KnownInputs } from '../../src/site/up-to-date.js';
import { tempDir } from '../helpers/temp.js';

/**
 * What the up-to-date check and the kept models know of bulletin's own code: a changed
 * file of it, in whatever form it runs (the command line's CommonJS bundle, compiled
 * modules, the sources under test), means outputs and models made anew.
 */
describe('the tool’s fingerprint', () => {
  for (const name of ['bundle/main-Bx1.cjs', 'web/issue-pages.js', 'module.mjs', 'site/build-site.ts']) {
    it(`changes when ${name} changes`, async () => {
      const dir = await tempDir();
      await mkdir(join(dir, name, '..'), { recursive: true });
      await writeFile(join(dir, name), 'export const a = 1;\n');
      const before = await toolFingerprint(dir);
      await writeFile(join(dir, name), 'export const a = 2;\n');
      expect(await toolFingerprint(dir)).not.toEqual(before);
    });
  }

  it('is taken from the known inputs while its files stat as they did, and made anew from them when one is saved', async () => {
    const dir = await tempDir();
    const file = join(dir, 'main.cjs');
    await writeFile(file, 'exports.a = 1;\n');
    const inputs: KnownInputs = { entries: new Map(), changed: false };
    // Later than the files' times by more than their clock's tick: their times vouch for them.
    const later = () => Date.now() + 10_000;
    const hashed = await toolFingerprint(dir, inputs, later());
    expect(inputs.changed).toBe(true);
    // A record that says otherwise is believed while the files stat the same: they are not read.
    inputs.entries.set(dir, { ...inputs.entries.get(dir)!, contentKey: 'recorded' });
    expect(await toolFingerprint(dir, inputs, later())).toEqual([hashed[0], 'recorded']);
    await writeFile(file, 'exports.a = 2;\n');
    const again = await toolFingerprint(dir, inputs, later());
    expect(again).toEqual(await toolFingerprint(dir));
    expect(again).not.toEqual(hashed);
  });
});
