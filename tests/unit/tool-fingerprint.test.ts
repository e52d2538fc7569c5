import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toolFingerprint } from '../../src/site/up-to-date.js';
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
});
