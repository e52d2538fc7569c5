import { once } from 'node:events';
import { constants } from 'node:os';

/**
 * The Node flags a command wants, which Node takes only as it starts. `preview` runs
 * for hours and, after every save, reads a printed PDF back in a heap that holds the
 * issue and its caches: with Node's default young generation (16 MB semispaces) the
 * garbage collector took about half of that reading. Measured on the bench's issue
 * (alternated, 16 one-word edits each): the PDF shown 1.01 s after the save by default,
 * 0.77 s with 32 MB semispaces, 0.89 s with 64 MB.
 */
export function nodeFlagsFor(argv: readonly string[]): string[] {
  const [command] = argv.filter((arg) => arg !== '--verbose');
  return command === 'preview' ? ['--max-semi-space-size=32'] : [];
}

/**
 * Runs `script` with `argv` again in a Node started with `flags`, unless this one was:
 * returns its exit code, or undefined when this process was started with each flag
 * already (whatever its value) or needs none. Ctrl-C reaches both processes from the
 * terminal; a signal sent to this one alone (a supervisor's, a test's) is passed on, so
 * the command sees one or two of the same signal and stops once (preview-command.ts).
 */
export async function relaunchWith(flags: readonly string[], script: string, argv: readonly string[]): Promise<number | undefined> {
  // A flag this Node was started with, whatever its value (the user's own, on the command
  // line or in NODE_OPTIONS), is kept: it is not set again.
  const given = [...process.execArgv, ...(process.env['NODE_OPTIONS'] ?? '').split(/\s+/)].map((arg) => arg.split('=')[0]);
  const wanted = flags.filter((flag) => !given.includes(flag.split('=')[0]));
  if (wanted.length === 0) return undefined;
  // Loaded only here: every command runs this, and child_process (with net) is 5 ms to load.
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [...process.execArgv, ...wanted, script, ...argv], { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => {
    child.kill(signal);
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const signal of signals) process.on(signal, forward);
  const [code, signal] = (await once(child, 'exit').finally(() => {
    for (const signal of signals) process.off(signal, forward);
  })) as [number | null, NodeJS.Signals | null];
  // Killed by a signal: the shell's convention, 128 + its number.
  return code ?? 128 + (signal === null ? 0 : constants.signals[signal]);
}
