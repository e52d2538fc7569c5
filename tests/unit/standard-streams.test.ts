import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';

/**
 * Runs, in a Node of its own with both streams piped (as the benchmark and CI run the
 * command line), what bin/bulletin.js does: watch the streams, write or not, flush, exit
 * at once. The module is the one the command line loads (lib/, built by `npm ci`).
 */
async function runWatched(write: boolean): Promise<{ received: number; netLoaded: boolean }> {
  const dir = await tempDir();
  const script = join(dir, 'script.mjs');
  const report = join(dir, 'report.json');
  const module = pathToFileURL(join(repoRoot, 'lib', 'standard-streams.js')).href;
  await writeFile(
    script,
    [
      `import { writeFileSync } from 'node:fs';`,
      `import { watchStandardStreams } from ${JSON.stringify(module)};`,
      `const streams = watchStandardStreams();`,
      write ? `process.stdout.write('x'.repeat(1 << 20));` : '',
      `await streams.flush();`,
      // A pipe's stream is a socket: Node loads net to make it, and for nothing else here.
      `writeFileSync(${JSON.stringify(report)}, JSON.stringify({ netLoaded: process.moduleLoadList.includes('NativeModule net') }));`,
      `process.exit(0);`,
    ].join('\n'),
  );
  const child = spawn(process.execPath, [script], { stdio: ['ignore', 'pipe', 'pipe'] });
  let received = 0;
  child.stdout.on('data', (chunk: Buffer) => (received += chunk.length));
  await new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`exited with ${code}`)))));
  const { netLoaded } = JSON.parse(await readFile(report, 'utf8')) as { netLoaded: boolean };
  return { received, netLoaded };
}

describe('the standard streams of a run of the command line', () => {
  it('are not made only to be flushed when nothing was written to them', async () => {
    expect((await runWatched(false)).netLoaded).toBe(false);
  });

  it('are flushed, all that was written, before the process exits at once', async () => {
    expect(await runWatched(true)).toEqual({ received: 1 << 20, netLoaded: true });
  });
});
