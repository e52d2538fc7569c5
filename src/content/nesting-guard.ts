/** Deepest nesting of lists and block quotes that bulletin reads: far beyond any bulletin, far below the parser's trouble. */
export const maxNesting = 40;

const marker = /^(?:>|[-+*](?=[ \t]|$)|\d{1,9}[.)](?=[ \t]|$))/;
const fence = /^ {0,3}(`{3,}|~{3,})/;

/**
 * How deep the lists and block quotes of a line nest, estimated before parsing:
 * the container markers that open it, plus the indentation in front of them
 * (a nested list item is indented at least two columns per level). The Markdown
 * parser takes time that grows much faster than the nesting, so a file nested
 * thousands deep would hang the build; it is refused instead.
 */
export function lineNesting(line: string): number {
  let column = 0;
  let markers = 0;
  let indentation = 0;
  let index = 0;
  for (;;) {
    while (line[index] === ' ' || line[index] === '\t') {
      column += line[index] === '\t' ? 4 - (column % 4) : 1;
      index++;
    }
    const match = marker.exec(line.slice(index));
    if (!match) break;
    if (markers === 0) indentation = column;
    markers++;
    index += match[0].length;
    column += match[0].length;
  }
  return markers === 0 ? 0 : markers + Math.floor(indentation / 2);
}

/** The first line (1-based) of a Markdown text that nests deeper than `limit`, outside fenced code. */
export function tooDeep(text: string, limit = maxNesting): { line: number; depth: number } | undefined {
  let inFence: string | undefined;
  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const opening = fence.exec(line)?.[1];
    if (inFence !== undefined) {
      if (opening !== undefined && opening[0] === inFence[0] && opening.length >= inFence.length) inFence = undefined;
      continue;
    }
    if (opening !== undefined) {
      inFence = opening;
      continue;
    }
    const depth = lineNesting(line);
    if (depth > limit) return { line: index + 1, depth };
  }
  return undefined;
}
