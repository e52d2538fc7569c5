import type { Progress } from '../progress.js';

export interface TerminalProgressOptions {
  /** Writes to the terminal as is (no newline added). */
  write: (text: string) => void;
  tty: boolean;
  verbose: boolean;
  quiet: boolean;
}

export interface TerminalProgress extends Progress {
  /** Clears the status line, if one is shown. */
  finish(): void;
}

/**
 * On a terminal: one status line, rewritten in place (issue and step). With
 * --verbose: a line per finished step with its time, for finding regressions.
 * Otherwise (a log file, CI, --quiet): nothing.
 */
export function terminalProgress(options: TerminalProgressOptions): TerminalProgress {
  const live = options.tty && !options.quiet && !options.verbose;
  let shown = false;
  return {
    start(issue, step) {
      if (!live) return;
      options.write(`\r\u001b[K${issue}: ${step}…`);
      shown = true;
    },
    end(issue, step, ms) {
      if (options.verbose) options.write(`${issue.padEnd(8)} ${step.padEnd(14)} ${Math.round(ms).toString().padStart(6)} ms\n`);
    },
    finish() {
      if (shown) options.write('\r\u001b[K');
      shown = false;
    },
  };
}
