import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';

const run = promisify(execFile);

/**
 * Loads `bundle/main.cjs` of `folder` the way bin/bulletin.js loads the CLI's bundle
 * (lib/code-cache.js, compiled by `npm test`'s build), in a process of its own: the
 * loader changes how that process compiles modules.
 */
async function loadBundle(folder: string): Promise<string> {
  const loader = pathToFileURL(join(repoRoot, 'lib', 'code-cache.js')).href;
  const script = `import { requireWithCodeCache } from ${JSON.stringify(loader)};
const bundle = requireWithCodeCache(${JSON.stringify(join(folder, 'bundle', 'main.cjs'))}, ${JSON.stringify(join(folder, 'cache'))});
console.log(bundle.exports.answer(), bundle.exports.other(), bundle.reused());`;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script]);
  return stdout.trim();
}

async function cacheFiles(folder: string): Promise<string[]> {
  return (await readdir(join(folder, 'cache')).catch(() => [])).filter((name) => name.endsWith('.bin')).sort();
}

describe('the code cache of the command line', () => {
  it('keeps the bytecode of each module of the bundle, uses it the next time, and makes anew what V8 refuses', async () => {
    const folder = await tempDir();
    await mkdir(join(folder, 'bundle'));
    await writeFile(join(folder, 'bundle', 'main.cjs'), "const other = require('./other.cjs');\nexports.answer = () => 6 * 7;\nexports.other = () => other.name;\n");
    await writeFile(join(folder, 'bundle', 'other.cjs'), "exports.name = 'other';\n");

    expect(await loadBundle(folder)).toBe('42 other 0');
    const made = await cacheFiles(folder);
    expect(made).toHaveLength(2);
    const first = await Promise.all(made.map(async (name) => (await stat(join(folder, 'cache', name))).mtimeMs));

    // Accepted data is not written again.
    expect(await loadBundle(folder)).toBe('42 other 2');
    expect(await cacheFiles(folder)).toEqual(made);
    expect(await Promise.all(made.map(async (name) => (await stat(join(folder, 'cache', name))).mtimeMs))).toEqual(first);

    // Data V8 refuses (damaged, or from another version of Node) costs a compile, and is made anew.
    const damaged = join(folder, 'cache', made[0]!);
    await writeFile(damaged, 'not bytecode');
    expect(await loadBundle(folder)).toBe('42 other 1');
    expect((await readFile(damaged)).toString()).not.toBe('not bytecode');

    // A changed module is another entry; the code as it is now runs.
    await writeFile(join(folder, 'bundle', 'main.cjs'), "const other = require('./other.cjs');\nexports.answer = () => 43;\nexports.other = () => other.name;\n");
    expect(await loadBundle(folder)).toBe('43 other 1');
    expect(await cacheFiles(folder)).toHaveLength(3);
  });

  it('is written by the command line into the package, and the CLI runs from it', async () => {
    const cache = join(repoRoot, 'node_modules', '.cache', 'bulletin');
    const { stdout } = await run(process.execPath, [join(repoRoot, 'bin', 'bulletin.js'), '--version']);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect((await readdir(cache)).some((name) => name.endsWith('.bin'))).toBe(true);
  });
});
