import type { ChildProcess } from 'node:child_process';
import { chmod, unlink } from 'node:fs/promises';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { killChromium, spawnChromium } from './chromium-process.js';
import { frame, frameReader } from './cdp-frames.js';
import { checkPrivate, keeperGreeting } from './kept-browser.js';
import { printFontConfig } from './print-fontconfig.js';

export interface KeeperOptions {
  socketPath: string;
  executablePath: string;
  /** Seconds without a build after which the keeper ends, and its browser with it. */
  idleSeconds: number;
}

/** A message of the DevTools protocol, as far as the keeper reads it. */
interface ProtocolMessage {
  id?: number;
  method?: string;
  params?: { sessionId?: string; targetInfo?: { type?: string } };
  result?: { sessionId?: string; targetInfos?: Array<{ targetId: string; type: string }> };
  error?: unknown;
}

/** The keeper's own requests are numbered apart from any build's (Puppeteer counts from 1). */
const firstKeeperId = 2_000_000_000;

/**
 * The process behind `--keep-browser` (kept-browser.ts): starts Chromium on a pipe with
 * bulletin's flags and fonts, and passes one build at a time between its socket and the
 * browser. When a build leaves, what it attached to is detached (its request
 * interception and emulation end with that), extra tabs are closed, and one tab is kept
 * with its document and decoded fonts for the next build's swap (page-document.ts).
 * Ends after `idleSeconds` without a build, when the browser ends, or on a signal.
 */
export async function runBrowserKeeper(options: KeeperOptions): Promise<void> {
  // The build that started this keeper made the folder; it is checked again here, as it is by every build.
  await checkPrivate(dirname(options.socketPath));
  // Started as a build starts its own (chromium-process.ts); its profile goes when it ends.
  const chromium = spawnChromium(options.executablePath, await printFontConfig());
  const relay = createRelay(chromium.child);
  let server: Server | undefined;
  const end = async () => {
    server?.close();
    // The browser's whole process group (it leads its own), as a build ends its browser.
    await killChromium(chromium);
    await unlink(options.socketPath).catch(() => {});
    process.exit(0);
  };
  void chromium.ended.then(end);
  process.once('SIGTERM', () => void end());
  process.once('SIGINT', () => void end());
  // A browser that does not answer within the builds' own patience is no use to them.
  const unanswered = setTimeout(() => void end(), 30_000);
  await relay.call('Browser.getVersion');
  clearTimeout(unanswered);
  server = await listenOnce(options.socketPath, (socket) => relay.take(socket));
  relay.onIdle(options.idleSeconds * 1000, () => void end());
}

interface Relay {
  call(method: string, params?: object): Promise<ProtocolMessage>;
  take(socket: Socket): void;
  onIdle(ms: number, idle: () => void): void;
}

/** The browser's pipe: the keeper's own requests, and every other message for `forward`. */
function browserChannel(child: ChildProcess, forward: (text: string, message: ProtocolMessage) => void) {
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  toBrowser.on('error', () => {});
  fromBrowser.on('error', () => {});
  const own = new Map<number, (message: ProtocolMessage) => void>();
  let nextId = firstKeeperId;
  fromBrowser.on('data', frameReader((text) => {
    const message = JSON.parse(text) as ProtocolMessage;
    const answer = message.id === undefined ? undefined : own.get(message.id);
    if (answer === undefined) forward(text, message);
    else {
      own.delete(message.id!);
      answer(message);
    }
  }));
  return {
    send: (text: string) => void toBrowser.write(frame(text)),
    call: (method: string, params: object = {}): Promise<ProtocolMessage> =>
      new Promise((resolve) => {
        const id = nextId++;
        own.set(id, resolve);
        toBrowser.write(frame(JSON.stringify({ id, method, params })));
      }),
  };
}

/** What a build has open in the browser: requests not yet answered, and the sessions it attached. */
function buildTracker() {
  const inFlight = new Set<number>();
  const sessions = new Set<string>();
  return {
    inFlight,
    sessions,
    sent(message: ProtocolMessage) {
      if (message.id !== undefined) inFlight.add(message.id);
    },
    received(message: ProtocolMessage) {
      if (message.id !== undefined) inFlight.delete(message.id);
      if (typeof message.result?.sessionId === 'string') sessions.add(message.result.sessionId);
      const sessionId = message.params?.sessionId;
      if (sessionId === undefined) return;
      if (message.method === 'Target.attachedToTarget') sessions.add(sessionId);
      if (message.method === 'Target.detachedFromTarget') sessions.delete(sessionId);
    },
  };
}

/**
 * Undoes what the last build set up, keeping one tab: its sessions detached (their
 * request interception and emulation end with them), discovery and auto-attaching off,
 * other tabs closed. Throws when the browser does not answer the build's last requests.
 */
async function tidyAfterBuild(call: (method: string, params?: object) => Promise<ProtocolMessage>, tracker: ReturnType<typeof buildTracker>): Promise<void> {
  const started = performance.now();
  while (tracker.inFlight.size > 0) {
    if (performance.now() - started > 5000) throw new Error('the browser did not answer the last build');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  for (const sessionId of tracker.sessions) await call('Target.detachFromTarget', { sessionId });
  tracker.sessions.clear();
  await call('Target.setAutoAttach', { autoAttach: false, waitForDebuggerOnStart: false });
  await call('Target.setDiscoverTargets', { discover: false });
  const pages = ((await call('Target.getTargets')).result?.targetInfos ?? []).filter((target) => target.type === 'page');
  for (const page of pages.slice(1)) await call('Target.closeTarget', { targetId: page.targetId });
  if (pages.length === 0) await call('Target.createTarget', { url: 'about:blank' });
}

/** Passes a build's messages to the browser, but its "close the browser", which means that it is done with it. */
function passToBrowser(socket: Socket, tracker: ReturnType<typeof buildTracker>, send: (text: string) => void): void {
  socket.on('data', frameReader((text) => {
    const message = parseMessage(text);
    // Not the protocol: whatever sent it is not a build.
    if (message === undefined) socket.destroy();
    else if (message.method === 'Browser.close') socket.end(frame(JSON.stringify({ id: message.id, result: {} })));
    else {
      tracker.sent(message);
      send(text);
    }
  }));
}

function parseMessage(text: string): ProtocolMessage | undefined {
  try {
    const message: unknown = JSON.parse(text);
    return typeof message === 'object' && message !== null ? (message as ProtocolMessage) : undefined;
  } catch {
    return undefined;
  }
}

function createRelay(child: ChildProcess): Relay {
  const tracker = buildTracker();
  /** The build that has the browser, or waits for it to be tidied; `attached` once it has it. */
  let client: Socket | undefined;
  let attached: Socket | undefined;
  let tidying: Promise<void> | undefined;
  let idle: { ms: number; end: () => void; timer?: NodeJS.Timeout } | undefined;
  const armIdle = () => {
    if (idle !== undefined) idle.timer = setTimeout(idle.end, idle.ms);
  };
  const browser = browserChannel(child, (text, message) => {
    tracker.received(message);
    if (attached !== undefined && !attached.destroyed) attached.write(frame(text));
  });
  const serve = (socket: Socket) => {
    socket.once('close', () => {
      client = undefined;
      attached = undefined;
      tidying = tidyAfterBuild(browser.call, tracker).then(
        () => {
          tidying = undefined;
          if (client === undefined) armIdle();
        },
        () => void child.kill('SIGKILL'),
      );
    });
    if (socket.destroyed) return;
    attached = socket;
    socket.write(frame(JSON.stringify({ [keeperGreeting]: true })));
    passToBrowser(socket, tracker, browser.send);
  };
  return {
    call: browser.call,
    onIdle(ms, end) {
      idle = { ms, end };
      armIdle();
    },
    take(socket) {
      socket.on('error', () => {});
      // One build at a time: another is told so by a closed socket, and prints in a browser of its own.
      if (client !== undefined) {
        socket.destroy();
        return;
      }
      client = socket;
      clearTimeout(idle?.timer);
      // A build that comes while the last one is tidied away waits for that (tens of milliseconds).
      void (tidying ?? Promise.resolve()).then(() => serve(socket));
    },
  };
}

/**
 * Listens on the socket, readable and writable by this user alone. A socket file left by
 * a keeper that is gone is replaced; one that answers belongs to a live keeper, and this
 * one ends instead.
 */
async function listenOnce(socketPath: string, onConnection: (socket: Socket) => void): Promise<Server> {
  const listen = () =>
    new Promise<Server>((resolve, reject) => {
      const server = createServer(onConnection);
      server.once('error', reject);
      server.listen(socketPath, () => resolve(server));
    });
  const server = await listen().catch(async (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') throw error;
    const alive = await new Promise<boolean>((resolve) => {
      const socket = connect(socketPath);
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (alive) process.exit(0);
    await unlink(socketPath);
    return listen();
  });
  await chmod(socketPath, 0o600);
  return server;
}
