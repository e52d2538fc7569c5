import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeFlagsFor, relaunchWith } from '../../src/relaunch.js';
import { tempDir } from '../helpers/temp.js';

describe('a command that wants Node flags', () => {
  const nodeOptions = process.env['NODE_OPTIONS'];
  afterEach(() => {
    if (nodeOptions === undefined) delete process.env['NODE_OPTIONS'];
    else process.env['NODE_OPTIONS'] = nodeOptions;
  });

  it('is the preview, whatever global option comes first', () => {
    expect(nodeFlagsFor(['--verbose', 'preview', 'content/2021-05'])).toEqual(['--max-semi-space-size=32']);
    expect(nodeFlagsFor(['build', 'preview'])).toEqual([]);
  });

  it('runs again in a Node started with them, with its arguments, and gives its exit code', async () => {
    const dir = await tempDir();
    const script = join(dir, 'script.mjs');
    await writeFile(script, `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(dir, 'seen.json'))}, JSON.stringify({ execArgv: process.execArgv, argv: process.argv.slice(2) }));\nprocess.exit(3);\n`);
    delete process.env['NODE_OPTIONS'];
    expect(await relaunchWith(['--max-semi-space-size=32'], script, ['preview', 'x'])).toBe(3);
    const seen = JSON.parse(await readFile(join(dir, 'seen.json'), 'utf8')) as { execArgv: string[]; argv: string[] };
    expect(seen.execArgv).toContain('--max-semi-space-size=32');
    expect(seen.argv).toEqual(['preview', 'x']);
  });

  it('keeps a size the user gave Node, in NODE_OPTIONS too', async () => {
    process.env['NODE_OPTIONS'] = '--max-semi-space-size=16';
    expect(await relaunchWith(['--max-semi-space-size=32'], '/nonexistent.mjs', [])).toBeUndefined();
  });
});
