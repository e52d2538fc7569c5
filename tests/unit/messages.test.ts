import { describe, expect, it } from 'vitest';
import { loadCatalogues } from '../../src/content/catalogues.js';
import { missingMessages, translator } from '../../src/model/messages.js';

describe('the interface in the issue’s language', async () => {
  const catalogues = await loadCatalogues();

  it('counts pages and sections by each language’s plural rules', () => {
    const ru = translator(catalogues, 'ru');
    expect([1, 2, 5, 21].map((count) => ru('pages', { count }))).toEqual(['1 страница', '2 страницы', '5 страниц', '21 страница']);
    expect([1, 3, 11, 22].map((count) => ru('search-found', { count }))).toEqual(['Найден 1 раздел.', 'Найдено 3 раздела.', 'Найдено 11 разделов.', 'Найдено 22 раздела.']);
    const en = translator(catalogues, 'en');
    expect([1, 2].map((count) => en('pages', { count }))).toEqual(['1 page', '2 pages']);
    expect(translator(catalogues, 'az')('pages', { count: 5 })).toBe('5 səhifə');
  });

  it('writes numbers as the language does', () => {
    expect(translator(catalogues, 'ru')('pages', { count: 1021 })).toBe('1\u00a0021 страница');
    expect(translator(catalogues, 'en')('pages', { count: 1021 })).toBe('1,021 pages');
  });

  it('takes a word a catalogue lacks from English, and shows an unknown key as itself', () => {
    const partial = new Map([...catalogues, ['az', { contents: 'Mündəricat' }]]);
    const az = translator(partial, 'az');
    expect(az('contents')).toBe('Mündəricat');
    expect(az('all-issues')).toBe('All issues');
    expect(az('no-such-key')).toBe('no-such-key');
    expect(missingMessages(partial, 'az')).toContain('all-issues');
    // A region's tag finds its language's catalogue.
    expect(translator(catalogues, 'ru-RU')('contents')).toBe('Содержание');
  });

  it('ships English, Azerbaijani and Russian complete, every plural form their rules need included', () => {
    for (const lang of ['en', 'az', 'ru']) expect(missingMessages(catalogues, lang), lang).toEqual([]);
    const withoutFew = new Map([...catalogues, ['ru', { ...catalogues.get('ru'), pages: { one: '{count} страница', other: '{count} страницы' } }]]);
    expect(missingMessages(withoutFew, 'ru')).toEqual(['pages.few', 'pages.many']);
  });
});

describe('file sizes on download links', () => {
  it('are written in the page’s language, by Intl', async () => {
    const { formatBytes } = await import('../../src/web/format.js');
    expect(formatBytes(55_200)).toBe('55 kB');
    expect(formatBytes(1_250_000)).toBe('1.3 MB');
    expect(formatBytes(1_250_000, 'az')).toBe('1,3 MB');
    expect(formatBytes(55_200, 'ru')).toBe('55 кБ');
    expect(formatBytes(800)).toBe('800 byte');
  });
});
