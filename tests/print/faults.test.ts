import { existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cp, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build-site.js';
import { findBrowser, launchBrowser } from '../../src/print/browser.js';
import { createPdfPrinter } from '../../src/print/pdf-printer.js';
import { runCli } from '../helpers/cli.js';
import { cliPath, fixtureIssue, repoRoot } from '../helpers/paths.js';
import { processesWithMarker } from '../helpers/processes.js';
import { tempDir } from '../helpers/temp.js';
import { withoutSoftHyphens } from '../helpers/text.js';

async function browser() {
  const found = await findBrowser({ env: process.env });
  if (found.path === undefined) throw new Error(found.advice);
  return launchBrowser({ executablePath: found.path });
}

const isPdf = (bytes: Buffer) => bytes.subarray(0, 5).toString() === '%PDF-' && bytes.subarray(-1024).toString().includes('%%EOF');

async function until(what: string, probe: () => boolean | Promise<boolean>, timeout = 20_000): Promise<void> {
  const deadline = Date.now() + timeout;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('browser faults', () => {
  it('abandons a hung browser after the timeout and renders in a fresh one', async () => {
    const handle = await browser();
    try {
      const hung = handle.process!;
      process.kill(hung.pid!, 'SIGSTOP');
      const outDir = await tempDir();
      const report = await buildSite({ issueDirs: [fixtureIssue('other-author')], outDir, printer: createPdfPrinter({ browser: handle, timeout: 12_000, env: {} }) });
      expect(report.issues[0]?.failure).toBeUndefined();
      expect(isPdf(await readFile(join(outDir, '2021-05', 'bulletin-2021-05.pdf')))).toBe(true);
      expect(hung.exitCode !== null || hung.signalCode !== null, 'the hung browser was ended').toBe(true);
      expect(handle.process?.pid).not.toBe(hung.pid);
    } finally {
      await handle.close();
    }
    // The timeout leaves room for the fresh browser's render on a loaded two-core machine.
  }, 90_000);

  it('renders again in a fresh browser when the browser dies mid-render', async () => {
    const handle = await browser();
    try {
      const first = handle.process!;
      const outDir = await tempDir();
      const building = buildSite({ issueDirs: [join(repoRoot, 'content', '2021-05')], outDir, printer: createPdfPrinter({ browser: handle, env: {} }) });
      // Once a tab shows the print document, the render is under way.
      await until('the render to start', async () => (await handle.browser.pages()).some((page) => page.url().includes('/issue.html')));
      first.kill('SIGKILL');
      const report = await building;
      expect(report.issues[0]?.failure).toBeUndefined();
      expect(isPdf(await readFile(join(outDir, '2021-05', 'bulletin-2021-05.pdf')))).toBe(true);
      // The PDF came from another browser: the killed one was replaced.
      expect(first.signalCode).toBe('SIGKILL');
      expect(handle.process?.pid).not.toBe(first.pid);
      expect(handle.browser.connected).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('gives up after the second failure with a message naming the issue, keeping the previous PDF', async () => {
    const handle = await browser();
    try {
      const outDir = await tempDir();
      const first = await buildSite({ issueDirs: [fixtureIssue('other-author')], outDir, printer: createPdfPrinter({ browser: handle, env: {} }) });
      expect(first.ok).toBe(true);
      const pdf = join(outDir, '2021-05', 'bulletin-2021-05.pdf');
      const before = await readFile(pdf);
      const report = await buildSite({ issueDirs: [fixtureIssue('other-author')], outDir, force: true, printer: createPdfPrinter({ browser: handle, timeout: 50, env: {} }) });
      expect(report.ok).toBe(false);
      expect(report.issues[0]?.failure?.message).toMatch(/^The PDF of 2021-05 could not be rendered: rendering took longer than 0\.05 s \(--timeout\)/);
      expect((await readFile(pdf)).equals(before)).toBe(true);
      expect((await readdir(join(outDir, '2021-05'))).filter((name) => name.endsWith('.tmp'))).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});

describe('a browser closed as soon as it is up', () => {
  // A build whose issue has errors closes the browser it started while checking; the
  // blank tab it looks for then has no frame yet, which must not become an unhandled error.
  it('closes cleanly, with no error left behind', async () => {
    const unhandled: unknown[] = [];
    const collect = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', collect);
    try {
      const found = await findBrowser({ env: process.env });
      for (let attempt = 0; attempt < 3; attempt++) {
        const handle = await launchBrowser({ executablePath: found.path! });
        await handle.close();
      }
      // A rejection nobody handles is reported after the microtasks of its turn: give it a few turns.
      for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setTimeout(resolve, 10));
    } finally {
      process.off('unhandledRejection', collect);
    }
    expect(unhandled.map(String)).toEqual([]);
  });
});

describe('a browser that is gone', () => {
  // Seen in CI: a build whose render timed out crashed after its report, with
  // "Unhandled 'error' event … read ECONNRESET", when the killed browser's pipe reset.
  it('ends no build when its pipes report an error after it was closed or killed', async () => {
    for (const end of ['close', 'kill'] as const) {
      const handle = await browser();
      const child = handle.process;
      await handle[end]();
      // The protocol's pipes (fds 3 and 4): the socket of the report from CI.
      const pipes = [child?.stdio[3], child?.stdio[4]];
      expect(pipes.every((pipe) => pipe !== null && pipe !== undefined)).toBe(true);
      for (const stream of pipes) expect(() => stream?.emit('error', Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })), end).not.toThrow();
    }
  });

  it('leaves no profile behind, closed or killed', async () => {
    for (const end of ['close', 'kill'] as const) {
      const handle = await browser();
      // Read from the command line it was started with, as `ps` shows it.
      const profile = handle.process?.spawnargs.find((arg) => arg.startsWith('--user-data-dir='))?.slice('--user-data-dir='.length);
      expect(profile, end).toBeDefined();
      expect(existsSync(profile!), end).toBe(true);
      await handle[end]();
      expect(existsSync(profile!), end).toBe(false);
    }
  });
});

describe('the command line leaves nothing behind', () => {
  it('ends every browser process, after a good build, a build with content errors, and a failed render', async () => {
    const marker = randomUUID();
    const env = { BULLETIN_TEST_MARKER: marker };
    const out = await tempDir();
    expect((await runCli(['build', fixtureIssue('other-author'), '--out', out], { env })).code).toBe(0);
    expect(await processesWithMarker(marker)).toEqual([]);
    expect((await runCli(['build', join(repoRoot, 'tests', 'fixtures', 'check', 'missing-title', '2021-05'), '--out', out], { env })).code).toBe(1);
    expect(await processesWithMarker(marker)).toEqual([]);
    const failed = await runCli(['build', fixtureIssue('other-author'), '--out', out, '--timeout', '0.05', '--force'], { env });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/✗ 2021-05: The PDF of 2021-05 could not be rendered/);
    expect(failed.stderr).not.toMatch(/\n\s+at /);
    expect(await processesWithMarker(marker)).toEqual([]);
  });

  it('keeps the previous edition intact when the build is killed mid-render, and builds again afterwards', async () => {
    const project = await tempDir();
    await cp(join(repoRoot, 'content', '2021-05'), join(project, 'content', '2021-05'), { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(project, 'bulletin.config.yaml'));
    const marker = randomUUID();
    const env = { ...process.env, BULLETIN_TEST_MARKER: marker };
    expect((await runCli(['build'], { cwd: project, env })).code).toBe(0);
    const files = ['dist/2021-05/bulletin-2021-05.pdf', 'dist/2021-05/index.html', 'dist/2021-05/all.html', 'dist/index.html'];
    const before = await Promise.all(files.map((file) => readFile(join(project, file))));

    const section = join(project, 'content', '2021-05', '01-diplomatic-calendar.md');
    await writeFile(section, (await readFile(section, 'utf8')).replace('busiest months', 'quietest months'));
    const child = spawn(process.execPath, [cliPath, 'build', '--verbose'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise((resolve) => child.on('close', resolve));
    // The PDF is being rendered once the document is loaded into the browser.
    await until('the render', () => /pdf load/.test(stderr));
    child.kill('SIGKILL');
    await exited;

    const after = await Promise.all(files.map((file) => readFile(join(project, file))));
    after.forEach((bytes, index) => expect(bytes.equals(before[index]!), files[index]).toBe(true));
    await until('the browser to exit with its parent', async () => (await processesWithMarker(marker)).length === 0, 5000);

    expect((await runCli(['build'], { cwd: project, env })).code).toBe(0);
    expect(withoutSoftHyphens(await readFile(join(project, 'dist', '2021-05', 'all.html'), 'utf8'))).toContain('quietest months');
  });
});
