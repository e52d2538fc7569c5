import type { Page } from 'puppeteer-core';

/** A function to run in the page (no imports: its source is sent, as Puppeteer sends it) and its arguments (JSON). */
export interface PageCall<Result> {
  source: string;
  args: unknown[];
  /** Only for the type of `evaluateInTurn`'s results. */
  result?: Result;
}

export function pageCall<Args extends unknown[], Result>(run: (...args: Args) => Result, ...args: Args): PageCall<Awaited<Result>> {
  return { source: run.toString(), args };
}

type Results<Calls extends ReadonlyArray<PageCall<unknown>>> = { [Index in keyof Calls]: Calls[Index] extends PageCall<infer Result> ? Result : never };

/**
 * Runs functions in the page one after another, in one evaluation. Between two
 * evaluations, a step that changed the document is followed by a frame (style, layout,
 * paint of the screen) that the next one waits for, and by a round trip; in one, the
 * document is laid out only where a step measures it (measured: 10–20 ms of each print's
 * preparation). The functions' sources go as Puppeteer sends one, in an expression that
 * calls each in turn with its arguments written as JSON.
 */
export async function evaluateInTurn<const Calls extends ReadonlyArray<PageCall<unknown>>>(page: Page, calls: Calls): Promise<Results<Calls>> {
  const steps = calls.map(({ source, args }) => `results.push(await (${source})(...${JSON.stringify(args)}));`);
  return (await page.evaluate(`(async () => { const results = []; ${steps.join(' ')} return results; })()`)) as Results<Calls>;
}
