import { describe, expect, it } from 'vitest';
import { evaluateInTurn, pageCall } from '../../src/print/in-turn.js';
import { useBrowser } from '../helpers/browser.js';

describe('page functions run in turn, in one evaluation', () => {
  const browser = useBrowser();

  it('run in order with their arguments, awaited, each result in its place, in a document whose policy forbids scripts', async () => {
    const page = await browser().newPage();
    try {
      await page.setContent(`<html><head><meta http-equiv="Content-Security-Policy" content="script-src 'none'"></head><body><p>Text ‘quoted’</p></body></html>`);
      const mark = (value: number, note: string): number => {
        document.body.dataset['value'] = String(value);
        document.body.dataset['note'] = note;
        return value * 2;
      };
      const read = async (): Promise<string[]> => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        return [document.body.dataset['value'] ?? '', document.body.dataset['note'] ?? '', document.body.textContent ?? ''];
      };
      const nothing = (): void => {};
      const results = await evaluateInTurn(page, [pageCall(mark, 21, 'a "note" with \u2028 a line separator'), pageCall(read), pageCall(nothing)] as const);
      expect(results).toEqual([42, ['21', 'a "note" with \u2028 a line separator', 'Text ‘quoted’'], null]);
    } finally {
      await page.close();
    }
  });
});
