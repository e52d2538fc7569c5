import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdir } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, ConnectionTransport } from 'puppeteer-core';
// What `puppeteer.connect` calls. The package's entry loads its launcher too (which
// finds and downloads browsers): 165 ms against 90 ms here, on the path of a build that
// starts no browser. puppeteer-core is pinned (package.json), and the tests connect with it.
import { _connectToBrowser } from 'puppeteer-core/internal/common/BrowserConnector.js';
import { BulletinError } from '../errors.js';
import { packageRoot, packageVersion } from '../paths.js';
import { frame, frameReader } from './cdp-frames.js';
import type { BrowserHandle, LaunchOptions } from './browser.js';
import { chromiumFlags } from './browser-flags.js';
import { printViewport } from './print-document.js';
import { pagePool } from './page-pool.js';
import { printFontConfig } from './print-fontconfig.js';

/**
 * `--keep-browser`: a browser kept running between builds by a small process of its
 * own (browser-keeper.ts), which a build talks to over a Unix socket instead of
 * starting Chromium. Chromium itself listens on no port: the keeper holds its pipe.
 * The socket is in a folder only this user can enter (checked, not assumed), so no
 * other local user can drive the browser.
 */

/** What the first message on the socket says when the keeper takes the build. */
export const keeperGreeting = 'bulletin-browser-keeper';

/** How long a kept browser waits for its next build before it ends. */
export const keptBrowserIdleSeconds = 600;

/**
 * The folder of this user's kept browsers: in $XDG_RUNTIME_DIR (private by definition)
 * or the temporary folder, `bulletin-<uid>`, created with mode 700. A folder that is
 * another user's, a link, or open to others is refused: a socket there could be
 * someone else's keeper.
 */
export async function privateFolder(env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const folder = join(env['XDG_RUNTIME_DIR'] || tmpdir(), `bulletin-${process.getuid?.() ?? 0}`);
  await mkdir(folder, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'EEXIST') throw error;
  });
  await checkPrivate(folder);
  return folder;
}

/** Throws unless `folder` is a folder (not a link) of this user's that no one else may enter. */
export async function checkPrivate(folder: string): Promise<void> {
  const uid = process.getuid?.() ?? 0;
  const info = await lstat(folder);
  if (!info.isDirectory() || info.uid !== uid || (info.mode & 0o077) !== 0) {
    throw new BulletinError(`The kept browser's folder ${folder} is not this user's alone (mode ${(info.mode & 0o777).toString(8)}, owner ${info.uid}); remove it, or build without --keep-browser.`);
  }
}

/** The socket of the keeper for this browser, these flags, these fonts and this bulletin: a build never meets a browser set up otherwise. */
export function keeperSocketPath(folder: string, executablePath: string, fontConfig: string): string {
  const key = createHash('sha256').update(JSON.stringify([packageVersion(), executablePath, chromiumFlags, fontConfig])).digest('hex').slice(0, 16);
  return join(folder, `browser-${key}.sock`);
}

export interface KeptBrowserOptions {
  executablePath: string;
  /** How long the keeper and its browser may take to start. */
  timeout: number;
  /** Bounds each request to the browser (as at a launch). */
  protocolTimeout: number;
  env?: NodeJS.ProcessEnv | undefined;
}

/**
 * The build's browser, kept: its first page is the kept tab. A build that finds the
 * keeper busy, and a retry after a crash or a hang, launch a browser of their own. Ending
 * the build leaves the kept browser running (the socket closes; the keeper tidies up).
 */
export async function keptBrowserHandle(options: LaunchOptions & { env?: NodeJS.ProcessEnv | undefined }): Promise<BrowserHandle> {
  const patience = Math.max(options.timeout ?? 30_000, 10_000);
  const kept = await connectKeptBrowser({ executablePath: options.executablePath, timeout: patience, protocolTimeout: patience, env: options.env });
  // A browser of its own, launched the ordinary way (browser.ts, with Puppeteer's launcher).
  const launchBrowser = async (launch: LaunchOptions) => (await import('./browser.js')).launchBrowser(launch);
  if (kept === undefined) return launchBrowser(options);
  let launched: BrowserHandle | undefined;
  // The kept tab, whatever it shows: the last build's document, with its fonts.
  const pages = pagePool(kept, kept.pages().then((open) => open[0], () => undefined));
  const leave = () => kept.disconnect().catch(() => {});
  return {
    get browser() {
      return launched?.browser ?? kept;
    },
    newPage: () => (launched === undefined ? pages.take() : launched.newPage()),
    releasePage: (page) => (launched === undefined ? pages.give(page) : launched.releasePage(page)),
    async restart() {
      await leave();
      if (launched === undefined) launched = await launchBrowser(options);
      else await launched.restart();
    },
    close: async () => {
      await leave();
      await launched?.close();
    },
    kill: async () => {
      await leave();
      await launched?.kill();
    },
  };
}

/**
 * Connects to this user's kept browser, starting its keeper when there is none.
 * Undefined when the keeper is busy with another build, or could not be started: that
 * build prints in a browser of its own, as without the option. Throws when the folder
 * of the socket is not this user's alone.
 */
export async function connectKeptBrowser(options: KeptBrowserOptions): Promise<Browser | undefined> {
  const folder = await privateFolder(options.env);
  const socketPath = keeperSocketPath(folder, options.executablePath, await printFontConfig());
  let socket = await openSocket(socketPath).catch(() => undefined);
  if (socket === undefined) {
    const keeper = startKeeper(socketPath, options.executablePath);
    socket = await waitForKeeper(socketPath, keeper, options.timeout);
    if (socket === undefined) return undefined;
  }
  const transport = await keeperTransport(socket);
  if (transport === undefined) return undefined;
  // The same class, declared twice: in the package's public types and in its internal ones.
  return (await _connectToBrowser({ transport, protocolTimeout: options.protocolTimeout, defaultViewport: printViewport })) as unknown as Browser;
}

function startKeeper(socketPath: string, executablePath: string): { exited: boolean } {
  const state = { exited: false };
  const child = spawn(process.execPath, [join(packageRoot, 'bin', 'bulletin.js'), 'keep-browser', '--socket', socketPath, '--chromium', executablePath, '--idle-seconds', String(keptBrowserIdleSeconds)], {
    detached: true,
    stdio: 'ignore',
  });
  child.once('exit', () => (state.exited = true));
  child.once('error', () => (state.exited = true));
  child.unref();
  return state;
}

/** The socket of the keeper just started; undefined when it ended, or did not listen in time (the build then launches a browser of its own, whose start says what is wrong). */
async function waitForKeeper(socketPath: string, keeper: { exited: boolean }, timeout: number): Promise<Socket | undefined> {
  const started = performance.now();
  for (;;) {
    const socket = await openSocket(socketPath).catch(() => undefined);
    if (socket !== undefined || keeper.exited || performance.now() - started > timeout) return socket;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function openSocket(path: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(path);
    socket.once('connect', () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/**
 * Puppeteer's side of the socket, in the same framing as Chromium's pipe, once the
 * keeper's first message says it takes this build; undefined when it closes the socket
 * instead (busy with another build).
 */
export function keeperTransport(socket: Socket): Promise<ConnectionTransport | undefined> {
  return new Promise((resolve) => {
    let greeted = false;
    const early: string[] = [];
    const noHandler = (message: string) => void early.push(message);
    let deliver: (message: string) => void = noHandler;
    const transport: ConnectionTransport = {
      send: (message) => {
        if (!socket.destroyed) socket.write(frame(message));
      },
      close: () => void socket.end(),
      // Puppeteer sets its handler as it connects, and unsets it (undefined) as it
      // disconnects: a message that comes later is dropped, not thrown on.
      set onmessage(handler: (message: string) => void) {
        if (typeof handler !== 'function') {
          deliver = () => {};
          return;
        }
        deliver = handler;
        for (const message of early.splice(0)) handler(message);
      },
      get onmessage() {
        return deliver;
      },
    };
    socket.on('data', frameReader((message) => {
      if (!greeted) {
        greeted = true;
        if (message.includes(keeperGreeting)) resolve(transport);
        else socket.destroy();
      } else deliver(message);
    }));
    socket.once('close', () => {
      resolve(undefined);
      transport.onclose?.();
    });
    socket.on('error', () => {});
  });
}
