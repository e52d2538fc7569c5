import type { Page } from 'puppeteer-core';
import { evaluateInTurn, pageCall, type PageCall } from './in-turn.js';
import type { OutlineEntry } from './pdf-outline.js';

/** The private-use subtag that marks an element for the printer: `en-x-bltrack3` is tracked element number 3 (pdf-structure-tree.ts finds it in the PDF). */
export const elementMarker = 'bltrack';

/** What the printer learns from the laid-out document, to finish the PDF with it. */
export interface PrintFacts {
  /** The bookmarks: one per heading, in document order, with its text as written. */
  outline: OutlineEntry[];
  /** The letter-spacing of each marked element, in thousandths of an em, by its number (`en-x-bltrack0`). */
  tracking: number[];
  /** The twins of tracked fonts the document was given, for its next print (`withTwinFonts`). */
  twinFonts: TwinFonts | undefined;
}

/**
 * The twins of tracked fonts (`setTrackedTextInTwinFonts`) an issue's print made: their
 * names and `@font-face` rules, as the twins' style element holds them, and the addresses
 * of the faces that loaded.
 */
export interface TwinFonts {
  names: string[];
  css: string;
  urls: string[];
}

/**
 * Prepares the loaded document for the PDF's readers and reads what the printer needs
 * to finish the PDF (see each step). Run once the document is loaded, before printing;
 * `before` runs first, in the same evaluation.
 */
export async function collectPrintFacts(page: Page, marker: string, before: ReadonlyArray<PageCall<unknown>> = []): Promise<PrintFacts> {
  // One evaluation (in-turn.ts), after the caller's own steps: the document is laid out where measured only.
  const results = await evaluateInTurn(page, [...before, pageCall(markLanguagesAndFigures), pageCall(setTrackedTextInTwinFonts, marker), pageCall(readOutline), pageCall(readTwinFonts)]);
  const [tracking, outline, twinFonts] = results.slice(-3) as [number[], OutlineEntry[], TwinFonts | undefined];
  return { outline, tracking, twinFonts: isTwinFonts(twinFonts) ? twinFonts : undefined };
}

/** Runs in the page: the twins' style element (`setTrackedTextInTwinFonts`), and the addresses of the twin faces fetched. */
function readTwinFonts(): TwinFonts | undefined {
  const style = document.head.querySelector<HTMLStyleElement>('style[data-print-twin-fonts]');
  if (style === null) return undefined;
  // The faces that came (a refused or missing one is not asked for again).
  const fetched = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((entry) => entry.responseStatus === 200);
  const urls = fetched.map((entry) => new URL(entry.name)).filter((url) => url.origin === location.origin && /[?&]tracking=\d+$/.test(url.search));
  return { names: (style.dataset['printTwinFonts'] ?? '').split('\n'), css: style.textContent ?? '', urls: [...new Set(urls.map((url) => url.pathname + url.search))] };
}

/**
 * Whether a value (read back from disk, or from the page) is twins that can go into a
 * document as they are: a style sheet of `@font-face` rules only, no markup in it or in
 * the names, font addresses on the printer's origin only.
 */
export function isTwinFonts(value: unknown): value is TwinFonts {
  if (typeof value !== 'object' || value === null) return false;
  const { names, css, urls } = value as Partial<Record<keyof TwinFonts, unknown>>;
  const strings = (list: unknown): list is string[] => Array.isArray(list) && list.length <= 1000 && list.every((item) => typeof item === 'string');
  return (
    typeof css === 'string' &&
    css.length <= 2 ** 20 &&
    // `@font-face` rules only: no other style, no markup.
    /^(?:\s*@font-face\s*\{[^{}<>]*\})*\s*$/.test(css) &&
    strings(names) &&
    names.every((name) => /^[^<>"&\n]+$/.test(name)) &&
    strings(urls) &&
    urls.every((url) => /^\/[\w/.%-]+\.woff2?\?(?:[\w%=.-]+&)*tracking=\d+$/.test(url))
  );
}

/**
 * The document with the twins of tracked fonts its last print made, for a tab that loads
 * it afresh: their rules in the style element the printer's step keeps them in, and each
 * face that loaded asked for at once (`preload`), with the document's own fonts. The step
 * then only sets the tracked text in them, where it would add the rules, which lays the
 * whole document out again, and wait for the faces (measured: 50–80 ms of a cold build).
 * Twins the document no longer uses cost nothing (a face loads when used), and ones it
 * needs anew are added by the step as before. A document without a head is given none.
 */
export function withTwinFonts(html: string, twins: TwinFonts | undefined): string {
  const end = /<\/head\s*>/i.exec(html);
  if (twins === undefined || end === null || twins.css === '') return html;
  const names = twins.names.join('\n');
  const preloads = twins.urls.map((url) => `<link rel="preload" as="font" type="font/woff2" crossorigin href="${url}">`).join('');
  return `${html.slice(0, end.index)}<style data-print-twin-fonts="${names}">${twins.css}</style>${preloads}${html.slice(end.index)}`;
}

/**
 * Runs in the page (no imports: puppeteer sends its source).
 * - An inline element with a language of its own (a quotation in Armenian) gets the
 *   generic role, which makes Chromium give it a structure element of its own, and so
 *   its /Lang; a plain `<span lang>` is folded into its parent's text.
 * - A figure is a group (a Div in the PDF) around its image, which is the Figure with
 *   the alternative text, and its caption: Chromium would write a Figure without /Alt
 *   around a Figure with one, and PDF/UA wants every Figure to have it.
 */
function markLanguagesAndFigures(): void {
  for (const element of document.body.querySelectorAll('span[lang], q[lang], cite[lang], time[lang], abbr[lang], bdi[lang]')) {
    if (!element.hasAttribute('role')) element.setAttribute('role', 'generic');
  }
  for (const figure of document.body.querySelectorAll('figure:not([role])')) figure.setAttribute('role', 'group');
}

/**
 * Runs in the page. An element set with letter-spacing is set in twins of its fonts,
 * loaded from the same files under other addresses, so that Chromium embeds fonts that
 * only this tracking uses (the printer then widens their advances); its language tag
 * gets a private-use subtag (`en-x-bltrack0`) that Chromium writes into its structure
 * element, where the printer finds its content. Returns each one's tracking.
 */
async function setTrackedTextInTwinFonts(marker: string): Promise<number[]> {
  const spacing = (element: Element | null): number => {
    if (element === null) return 0;
    const style = getComputedStyle(element);
    const ratio = Number.parseFloat(style.letterSpacing) / Number.parseFloat(style.fontSize);
    return Number.isFinite(ratio) ? ratio : 0;
  };
  const faces = [...document.styleSheets].flatMap((sheet) => [...sheet.cssRules]).filter((rule): rule is CSSFontFaceRule => rule instanceof CSSFontFaceRule);
  const unquote = (family: string): string => family.trim().replace(/^["']|["']$/g, '');
  const twinRules = new Map<string, string[]>();
  const twin = (family: string, tracking: number): string => {
    const name = `${family} tracked ${tracking}`;
    const rules = faces.filter((rule) => unquote(rule.style.getPropertyValue('font-family')) === family);
    if (rules.length === 0) return family;
    if (!twinRules.has(name)) {
      const withQuery = (url: string) => `${url}${url.includes('?') ? '&' : '?'}tracking=${tracking}`;
      twinRules.set(name, rules.map((rule) => rule.cssText.replace(/font-family:[^;]+;/, `font-family: "${name}";`).replace(/url\((["']?)([^"')]+)\1\)/g, (_match, _quote: string, url: string) => `url("${withQuery(url)}")`)));
    }
    return `"${name}"`;
  };
  const tracking: number[] = [];
  for (const element of document.body.querySelectorAll<HTMLElement>('*')) {
    // letter-spacing is inherited: the element that sets it stands for its whole text.
    const ratio = spacing(element);
    if (ratio < 0.02 || Math.abs(spacing(element.parentElement) - ratio) < 0.001) continue;
    if (element.innerText.trim() === '' || element.getClientRects().length === 0) continue;
    const thousandths = Math.round(ratio * 1000);
    element.style.fontFamily = getComputedStyle(element).fontFamily.split(',').map((family) => twin(unquote(family), thousandths)).join(', ');
    const lang = element.closest('[lang]')?.getAttribute('lang') ?? '';
    element.setAttribute('lang', `${lang === '' ? 'und' : lang}-x-${marker}${tracking.length}`);
    if (getComputedStyle(element).display.startsWith('inline') && !element.hasAttribute('role')) element.setAttribute('role', 'generic');
    tracking.push(thousandths);
  }
  if (twinRules.size === 0) return tracking;
  // A tab keeps its twins from one document to the next (page-document.ts), and a
  // document loaded afresh may come with those of its issue's last print (`withTwinFonts`):
  // the faces a document needs are added once, and stay loaded. A twin is known by its
  // rules, not its name alone: one whose fonts changed since gets its rules again, after
  // the old ones, and so in force (the last of two like faces wins).
  let style = document.head.querySelector<HTMLStyleElement>('style[data-print-twin-fonts]');
  const known = new Set((style?.dataset['printTwinFonts'] ?? '').split('\n'));
  const present = style?.textContent ?? '';
  const added = [...twinRules].filter(([name, rules]) => !known.has(name) || !rules.every((rule) => present.includes(rule)));
  if (added.length > 0) {
    if (style === null) {
      style = document.createElement('style');
      document.head.append(style);
    }
    style.dataset['printTwinFonts'] = [...new Set([...known, ...added.map(([name]) => name)])].filter((name) => name !== '').join('\n');
    style.append(`\n${added.flatMap(([, rules]) => rules).join('\n')}`);
  }
  // A face of a kept family this document is the first to use loads now.
  document.body.getBoundingClientRect();
  await document.fonts.ready;
  return tracking;
}

/** Runs in the page: the headings' text as written (not as laid out, where line breaks glue words), for the bookmarks; h1 and h2 are the top level. */
function readOutline(): OutlineEntry[] {
  const outline: OutlineEntry[] = [];
  for (const heading of document.body.querySelectorAll<HTMLElement>('h1, h2, h3, h4, h5, h6, [role="heading"]')) {
    if (heading.getClientRects().length === 0) continue;
    const level = Number(heading.getAttribute('aria-level') ?? heading.tagName.slice(1)) || 2;
    outline.push({ title: (heading.textContent ?? '').replace(/\u00ad/g, '').replace(/\s+/g, ' ').trim(), depth: Math.max(level - 2, 0) });
  }
  return outline;
}
