import { describe, expect, it } from 'vitest';
import { keepBrokenWordsWhole } from '../../src/print/page-end-words.js';
import { useBrowser } from '../helpers/browser.js';

/** The document side of item 7: a word found broken at a page end loses its soft hyphens, and nothing else does. */
describe('keeping whole a word the print broke at a page end', () => {
  const browser = useBrowser();

  const run = async (html: string, broken: Array<{ before: string; after: string }>) => {
    const page = await browser().browser.newPage();
    try {
      await page.setContent(`<!DOCTYPE html><html><body>${html}</body></html>`);
      const kept = await page.evaluate(keepBrokenWordsWhole, broken);
      return { kept, html: await page.evaluate(() => document.body.innerHTML.replace(/\u00ad/g, '|')) };
    } finally {
      await page.close();
    }
  };

  it('takes out the soft hyphens of the word found by the text around its break, across inline markup and spaces', async () => {
    const result = await run('<p>Exports rose in 2020. The <em>bud\u00adget</em>, drafted on the as\u00adsump\u00adtion</p><p>An\u00adother bud\u00adget line</p>', [
      { before: 'rose in 2020.  The bud', after: 'get, drafted on the assumption of much lower oil prices' },
    ]);
    expect(result).toEqual({ kept: 1, html: '<p>Exports rose in 2020. The <em>budget</em>, drafted on the as|sump|tion</p><p>An|other bud|get line</p>' });
  });

  it('leaves a hyphen the author typed, text found twice and text not found', async () => {
    const result = await run('<p>the fibre-optic cable</p><p>the same bud\u00adget</p><p>the same bud\u00adget</p>', [
      { before: 'the fibre', after: 'optic cable' },
      { before: 'the same bud', after: 'get' },
      { before: 'nowhere to be found', after: 'at all' },
    ]);
    expect(result).toEqual({ kept: 0, html: '<p>the fibre-optic cable</p><p>the same bud|get</p><p>the same bud|get</p>' });
  });
});
