import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { ConnectionTransport } from 'puppeteer-core';
import { chromiumArguments } from './browser-flags.js';
import { frame, frameReader } from './cdp-frames.js';

/** Where each browser's temporary profile is made (named as Puppeteer names its own). */
export const profilePrefix = 'puppeteer_dev_chrome_profile-';

/** A Chromium started on a pipe, in a temporary profile of its own. */
export interface ChromiumProcess {
  child: ChildProcess;
  profile: string;
  /** Why it ended, when it did: the error starting it, or its exit and the first line it wrote to stderr. */
  endReason(): string;
  /** Settles when the process has ended (or could not be started). */
  ended: Promise<void>;
}

/**
 * Starts Chromium at once, synchronously, without Puppeteer: a build calls this as soon
 * as it knows it will print, and loads Puppeteer and works out the issue while the
 * browser starts (browser.ts connects to it). Started as Puppeteer starts it: its
 * switches (browser-flags.ts), a pipe on fds 3 and 4, the leader of its own process
 * group (so that ending the group ends its helpers). `fontConfig`: print-fontconfig.ts.
 */
export function spawnChromium(executablePath: string, fontConfig: string): ChromiumProcess {
  const profile = mkdtempSync(join(tmpdir(), profilePrefix));
  const child = spawn(executablePath, chromiumArguments(executablePath, profile), {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'],
    // No font of the machine's in the print (print-fontconfig.ts).
    env: { ...process.env, FONTCONFIG_FILE: fontConfig },
  });
  let output = '';
  let failure: string | undefined;
  child.stderr?.on('data', (chunk: Buffer) => void (output = (output + chunk.toString('utf8')).slice(0, 4096)));
  child.once('error', (error) => void (failure = error.message));
  // A browser that ends with messages unread makes its pipes report ECONNRESET: once it
  // is gone, an error on them says only that, and must not end the build.
  for (const stream of child.stdio) stream?.on('error', () => {});
  const ended = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  }).then(() => {
    try {
      rmSync(profile, { recursive: true, force: true });
    } catch {
      // Left for a later build to remove (browser.ts, removeStaleProfiles).
    }
  });
  const endReason = () => failure ?? `it exited (${child.signalCode ?? `code ${child.exitCode}`})${output.trim() === '' ? '' : `: ${output.trim().split('\n')[0]}`}`;
  return { child, profile, endReason, ended };
}

/**
 * Ends the browser's whole process group at once, and settles when it has ended (its
 * profile removed). The group also when the browser closed itself: helpers still
 * shutting down go with it.
 */
export async function killChromium(chromium: ChromiumProcess): Promise<void> {
  const { child } = chromium;
  if (child.pid !== undefined) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // No group left; the process itself, if it still runs.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }
  }
  await chromium.ended;
}

/** The DevTools protocol over the browser's pipe (`--remote-debugging-pipe`), for Puppeteer to connect with. */
export function pipeTransport(chromium: ChromiumProcess): ConnectionTransport {
  const toBrowser = chromium.child.stdio[3] as Writable;
  const fromBrowser = chromium.child.stdio[4] as Readable;
  let deliver: (message: string) => void = () => {};
  const transport: ConnectionTransport = {
    send: (message) => {
      if (!toBrowser.destroyed) toBrowser.write(frame(message));
    },
    close: () => {
      toBrowser.destroy();
      fromBrowser.destroy();
    },
    // Puppeteer sets its handler as it connects, and unsets it as it disconnects: a message that comes later is dropped.
    set onmessage(handler: (message: string) => void) {
      deliver = typeof handler === 'function' ? handler : () => {};
    },
    get onmessage() {
      return deliver;
    },
  };
  fromBrowser.on('data', frameReader((message) => deliver(message)));
  fromBrowser.once('close', () => transport.onclose?.());
  return transport;
}
