import type { Browser, Page } from 'puppeteer-core';

/** The pages a build renders in, in one browser: its first tab, then pages given back, then new ones. */
export interface PagePool {
  take(): Promise<Page>;
  /** Gives back a page that rendered well, for the next render (a new tab costs hundreds of ms). */
  give(page: Page): void;
}

/**
 * `firstTab` is the tab the browser has already (a new one in a browser that has just
 * started takes hundreds of milliseconds; a kept browser's holds the fonts), or none.
 */
export function pagePool(browser: Browser, firstTab: Promise<Page | undefined>): PagePool {
  let first: Promise<Page | undefined> | undefined = firstTab;
  const idle: Page[] = [];
  return {
    async take() {
      const reused = idle.pop();
      if (reused !== undefined) return reused;
      // Taken before waiting: two renders starting together must not share the tab.
      const pending = first;
      first = undefined;
      return (await pending) ?? browser.newPage();
    },
    give(page) {
      // A render abandoned after a restart may finish late: its page belongs to the old browser.
      if (!page.isClosed() && page.browser() === browser) idle.push(page);
    },
  };
}
