import { runBrowserKeeper } from '../print/browser-keeper.js';
import { parseCommandLine } from './parse-command-line.js';
import { UsageError } from './usage-error.js';

/** Not for people: `build --keep-browser` starts it (print/kept-browser.ts), detached. */
export const keepBrowserHelp = `Usage: bulletin keep-browser --socket PATH --chromium PATH [--idle-seconds N]

Keeps a browser for \`bulletin build --keep-browser\`; started by that option, not by hand.
`;

export async function runKeepBrowser(args: readonly string[]): Promise<number> {
  const { values } = parseCommandLine(args, { socket: { type: 'string' }, chromium: { type: 'string' }, 'idle-seconds': { type: 'string' } });
  const idleSeconds = Number(values['idle-seconds'] ?? 600);
  if (values.socket === undefined || values.chromium === undefined || !(idleSeconds > 0)) throw new UsageError('keep-browser needs --socket, --chromium and a positive --idle-seconds.');
  await runBrowserKeeper({ socketPath: values.socket, executablePath: values.chromium, idleSeconds });
  // The keeper runs until it is idle; its end exits the process.
  return new Promise<number>(() => {});
}
