import { relative } from 'node:path';
import type { VFile } from 'vfile';

export interface FormatOptions {
  /** Paths are printed relative to this folder. */
  cwd: string;
}

/**
 * One line per problem, as compilers print them: `path:line:column: severity: message [rule]`.
 * Editors and terminals turn that into a link to the place.
 */
export function formatMessages(files: readonly VFile[], options: FormatOptions): string[] {
  const lines: string[] = [];
  for (const file of files) {
    const path = relative(options.cwd, file.path) || '.';
    for (const message of inReadingOrder(file)) {
      const line = message.line ?? 1;
      const column = message.column ?? 1;
      const severity = message.fatal === true ? 'error' : 'warning';
      const rule = message.ruleId ? ` [${message.ruleId}]` : '';
      lines.push(`${path}:${line}:${column}: ${severity}: ${message.reason}${rule}`);
    }
  }
  return lines;
}

export interface JsonProblem {
  file: string;
  line: number;
  column: number;
  endLine: number | undefined;
  endColumn: number | undefined;
  severity: 'error' | 'warning';
  rule: string | undefined;
  message: string;
}

/** The same problems as data, for editors' tooling (`--format json`). */
export function messagesAsJson(files: readonly VFile[], options: FormatOptions): JsonProblem[] {
  return files.flatMap((file) =>
    inReadingOrder(file).map((message) => ({
      file: relative(options.cwd, file.path) || '.',
      line: message.line ?? 1,
      column: message.column ?? 1,
      endLine: message.place && 'end' in message.place ? message.place.end.line : undefined,
      endColumn: message.place && 'end' in message.place ? message.place.end.column : undefined,
      severity: message.fatal === true ? ('error' as const) : ('warning' as const),
      rule: message.ruleId ?? undefined,
      message: message.reason,
    })),
  );
}

/** A file's messages by place, as a reader goes through the file (the sort is stable). */
function inReadingOrder(file: VFile): VFile['messages'] {
  return [...file.messages].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

export function countMessages(files: readonly VFile[]): { errors: number; warnings: number } {
  let errors = 0;
  let warnings = 0;
  for (const file of files) {
    for (const message of file.messages) {
      if (message.fatal === true) errors++;
      else warnings++;
    }
  }
  return { errors, warnings };
}
