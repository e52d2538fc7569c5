import { execFileSync } from 'node:child_process';
import { chmod, chown, mkdir, readFile, readdir, symlink } from 'node:fs/promises';
import { connect, createServer, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/print/browser.js';
import { connectKeptBrowser, keeperGreeting, keeperTransport, privateFolder } from '../../src/print/kept-browser.js';
import { frame } from '../../src/print/cdp-frames.js';
import { runCli } from '../helpers/cli.js';
import { sampleIssueDir } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';

const uid = process.getuid?.() ?? 0;

/** Whether a process whose command line holds `text` runs. */
function running(text: string): boolean {
  try {
    execFileSync('pgrep', ['-f', text]);
    return true;
  } catch {
    return false;
  }
}

/**
 * `build --keep-browser`: builds print in a browser kept by a process of its own, over
 * a socket only this user can reach. Each test has a runtime folder of its own
 * ($XDG_RUNTIME_DIR), and its keepers are ended after the file.
 */
describe('the kept browser', () => {
  const runtimes: string[] = [];
  const runtime = async () => {
    const dir = await tempDir('bulletin-runtime-');
    await chmod(dir, 0o700);
    runtimes.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of runtimes) if (running(dir)) execFileSync('pkill', ['-f', dir]);
  });

  it('prints, build after build, the bytes a build without it prints', { timeout: 120_000 }, async () => {
    const env = { XDG_RUNTIME_DIR: await runtime() };
    const out = await tempDir();
    const own = await runCli(['build', sampleIssueDir, '--out', join(out, 'own'), '--quiet'], { env });
    expect(own.code, own.stderr).toBe(0);
    const pdfs: Buffer[] = [];
    for (const round of [1, 2, 3]) {
      const kept = await runCli(['build', sampleIssueDir, '--out', join(out, `kept-${round}`), '--keep-browser', '--quiet'], { env });
      expect(kept.code, kept.stderr).toBe(0);
      pdfs.push(await readFile(join(out, `kept-${round}`, '2021-05', 'bulletin-2021-05.pdf')));
    }
    const ownPdf = await readFile(join(out, 'own', '2021-05', 'bulletin-2021-05.pdf'));
    for (const pdf of pdfs) expect(pdf.equals(ownPdf)).toBe(true);
    // One keeper served the three builds, and is still there for the next.
    const sockets = (await readdir(join(env.XDG_RUNTIME_DIR, `bulletin-${uid}`))).filter((name) => name.endsWith('.sock'));
    expect(sockets).toHaveLength(1);
    expect(execFileSync('pgrep', ['-f', `keep-browser --socket ${env.XDG_RUNTIME_DIR}`]).toString().trim().split('\n')).toHaveLength(1);
  });

  it('is one build\'s at a time: another prints in a browser of its own', { timeout: 120_000 }, async () => {
    const env = { XDG_RUNTIME_DIR: await runtime() };
    const executablePath = (await findBrowser({ env: process.env })).path!;
    const options = { executablePath, timeout: 30_000, protocolTimeout: 30_000, env };
    const first = await connectKeptBrowser(options);
    try {
      expect(first).toBeDefined();
      expect(await connectKeptBrowser(options)).toBeUndefined();
      const out = await tempDir();
      const build = await runCli(['build', sampleIssueDir, '--out', out, '--keep-browser', '--quiet'], { env });
      expect(build.code, build.stderr).toBe(0);
    } finally {
      await first?.disconnect();
    }
  });

  it("undoes what a build set up in its tab: the next one is not left waiting on the last one's requests", { timeout: 120_000 }, async () => {
    const env = { XDG_RUNTIME_DIR: await runtime() };
    const executablePath = (await findBrowser({ env: process.env })).path!;
    const options = { executablePath, timeout: 30_000, protocolTimeout: 30_000, env };
    const careless = await connectKeptBrowser(options);
    const [tab] = await careless!.pages();
    // Intercepted requests wait for an answer from the build that asked for them.
    await tab!.setRequestInterception(true);
    await careless!.disconnect();
    const next = await connectKeptBrowser(options);
    try {
      const [kept] = await next!.pages();
      await kept!.goto('data:text/html,<p>answered</p>', { timeout: 5000 });
      expect(await kept!.evaluate(() => document.body.textContent)).toBe('answered');
    } finally {
      await next?.disconnect();
    }
  });

  it('that cannot start leaves the build to start a browser of its own, which says what is wrong', { timeout: 60_000 }, async () => {
    const env = { XDG_RUNTIME_DIR: await runtime() };
    const build = await runCli(['build', sampleIssueDir, '--out', await tempDir(), '--keep-browser', '--chromium', '/bin/false'], { env });
    expect(build.code).toBe(1);
    expect(build.stderr).toContain('Cannot start the browser at /bin/false');
  });

  it("drops a message that comes after Puppeteer has let go of the connection", async () => {
    const folder = await privateFolder({ XDG_RUNTIME_DIR: await runtime() });
    const path = join(folder, 'late.sock');
    let keeperSide: Socket | undefined;
    const server = createServer((socket) => {
      keeperSide = socket;
      socket.write(frame(JSON.stringify({ [keeperGreeting]: true })));
    });
    await new Promise<void>((resolve) => server.listen(path, resolve));
    try {
      const client = connect(path);
      const transport = (await keeperTransport(client))!;
      const delivered: string[] = [];
      transport.onmessage = (message) => delivered.push(message);
      keeperSide!.write(frame('{"id":1,"result":{}}'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      // What Puppeteer does as it disconnects (cdp/Connection.js).
      (transport as { onmessage?: unknown }).onmessage = undefined;
      const uncaught: unknown[] = [];
      const listener = (error: unknown) => uncaught.push(error);
      process.on('uncaughtException', listener);
      keeperSide!.write(frame('{"method":"Target.targetDestroyed","params":{}}'));
      await new Promise((resolve) => setTimeout(resolve, 50));
      process.off('uncaughtException', listener);
      expect(uncaught).toEqual([]);
      expect(delivered).toEqual(['{"id":1,"result":{}}']);
      client.destroy();
    } finally {
      server.close();
    }
  });

  it('ends after its idle time, with its browser, and takes its socket away', { timeout: 60_000 }, async () => {
    const dir = await runtime();
    const folder = await privateFolder({ XDG_RUNTIME_DIR: dir });
    const socket = join(folder, 'browser-idle.sock');
    const executablePath = (await findBrowser({ env: process.env })).path!;
    const keeper = await runCli(['keep-browser', '--socket', socket, '--chromium', executablePath, '--idle-seconds', '1'], { env: { XDG_RUNTIME_DIR: dir } });
    expect(keeper.code).toBe(0);
    expect(await readdir(folder)).toEqual([]);
    expect(running(dir)).toBe(false);
  });

  it('refuses a folder that others can enter, or that is not this user\'s, or a link', async () => {
    for (const spoil of [
      (folder: string) => chmod(folder, 0o755),
      (folder: string) => chown(folder, uid + 4242, 0),
    ]) {
      const dir = await runtime();
      const folder = join(dir, `bulletin-${uid}`);
      await mkdir(folder, { mode: 0o700 });
      await spoil(folder);
      await expect(privateFolder({ XDG_RUNTIME_DIR: dir })).rejects.toThrow(/not this user's alone/);
    }
    const dir = await runtime();
    const elsewhere = await tempDir();
    await chmod(elsewhere, 0o700);
    await symlink(elsewhere, join(dir, `bulletin-${uid}`));
    await expect(privateFolder({ XDG_RUNTIME_DIR: dir })).rejects.toThrow(/not this user's alone/);
  });
});
