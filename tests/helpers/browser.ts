import { afterAll, beforeAll } from 'vitest';
import { findBrowser, launchBrowser, type BrowserHandle } from '../../src/print/browser.js';

/**
 * One real Chromium for a test file, closed after it. Print tests fail (not skip)
 * without one: CI installs Debian's chromium.
 */
export function useBrowser(): () => BrowserHandle {
  let handle: BrowserHandle | undefined;
  beforeAll(async () => {
    const found = await findBrowser({ env: process.env });
    if (found.path === undefined) throw new Error(`The print tests need a browser: ${found.advice}`);
    handle = await launchBrowser({ executablePath: found.path });
  });
  afterAll(async () => {
    await handle?.close();
  });
  return () => {
    if (handle === undefined) throw new Error('The browser is not running: useBrowser() must be called at the top of a describe block.');
    return handle;
  };
}

/**
 * Runs `use` with a Chromium of its own, closed after it: a build in a new process has
 * one, whose first tab loads each document afresh (where a shared browser's tabs have
 * them swapped in).
 */
export async function withOwnBrowser<Result>(use: (browser: BrowserHandle) => Promise<Result>): Promise<Result> {
  const found = await findBrowser({ env: process.env });
  if (found.path === undefined) throw new Error(`The print tests need a browser: ${found.advice}`);
  const own = await launchBrowser({ executablePath: found.path });
  try {
    return await use(own);
  } finally {
    await own.close();
  }
}
