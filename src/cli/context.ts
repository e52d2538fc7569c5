import { relative } from 'node:path';

/** What a command may touch of the outside world; tests pass their own. */
export interface CliContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  verbose: boolean;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether standard error is a terminal, where progress may be drawn in place. */
  stderrIsTTY: boolean;
  /** Writes to standard error as is, without adding a newline. */
  writeStderr: (text: string) => void;
  relative: (path: string) => string;
}

export function processContext(verbose: boolean): CliContext {
  const cwd = process.cwd();
  return {
    cwd,
    env: process.env,
    verbose,
    stdout: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    stderr: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    // Asked when needed: making the stream (for a pipe, with Node's net module) is 5 ms, which a quiet build that writes nothing is spared.
    get stderrIsTTY() {
      return process.stderr.isTTY === true;
    },
    writeStderr: (text) => process.stderr.write(text),
    relative: (path) => relative(cwd, path) || '.',
  };
}
