import puppeteer from 'puppeteer-core';
import { describe, expect, it } from 'vitest';
import { chromiumArguments, launchMode } from '../../src/print/browser-flags.js';

/**
 * bulletin starts Chromium itself, before Puppeteer is loaded (chromium-process.ts), with
 * a copy of Puppeteer's switches: they must stay those Puppeteer would give, in the
 * version pinned (an upgrade that changes them fails here).
 */
describe('the switches Chromium is started with', () => {
  it.each([
    ['its headless shell', '/usr/lib/chromium/chromium-headless-shell'],
    ['the whole browser', '/usr/bin/chromium'],
  ])('are those Puppeteer launches %s with, over a pipe', (_name, executablePath) => {
    const profile = '/tmp/puppeteer_dev_chrome_profile-test';
    const puppeteers = [...puppeteer.defaultArgs({ ...launchMode(executablePath), userDataDir: profile }), '--remote-debugging-pipe'];
    expect(chromiumArguments(executablePath, profile)).toEqual(puppeteers);
  });
});
