import { basename, resolve } from 'node:path';
import { discoverIssues } from '../content/discover.js';
import { loopbackHosts, startPreview } from '../preview/preview-server.js';
import { setUpPrinting } from '../print/printing.js';
import type { CliContext } from './context.js';
import { parseCommandLine } from './parse-command-line.js';
import { UsageError } from './usage-error.js';
import { terminalProgress } from './progress.js';
import { BulletinError } from '../errors.js';

export const previewHelp = `Usage: bulletin preview [ISSUE_DIR] [options]

Shows an issue's web edition and its PDF side by side in your browser, and rebuilds
both on every save of a file in the issue, the config or the templates. The web
edition shows first; the PDF follows. Problems appear over the page and in the
terminal, and the preview keeps running. Ctrl-C stops it.
With no ISSUE_DIR, previews the newest issue under content/.

Options:
  -p, --port PORT      port to listen on (default: a free one, printed)
      --host HOST      address to listen on (default: 127.0.0.1); another than this
                       machine's own needs --allow-host
      --allow-host NAME  a host name (or address) other machines use to reach the
                       preview; requests for any other name are refused (repeatable)
  -c, --config FILE    project config (default: the nearest bulletin.config.yaml)
      --content DIR    where to find issues (default: content)
      --templates DIR  templates folder (default: the templates shipped with bulletin)
      --no-pdf         show the web edition only
      --chromium PATH  browser to print with (as for build)
  -h, --help           show this help

Example:
  bulletin preview content/2021-06 --port 8080
`;

export interface PreviewArguments {
  issueDir: string | undefined;
  port: number;
  host: string;
  /** Names besides this machine's own under which the preview answers. */
  allowHosts: string[];
  configPath: string | undefined;
  contentDir: string;
  templatesDir: string | undefined;
  pdf: boolean;
  chromium: string | undefined;
  help: boolean;
}

export function parsePreviewArguments(args: readonly string[]): PreviewArguments {
  const parsed = parseCommandLine(args, {
    port: { type: 'string', short: 'p' },
    host: { type: 'string' },
    'allow-host': { type: 'string', multiple: true },
    config: { type: 'string', short: 'c' },
    content: { type: 'string' },
    templates: { type: 'string' },
    'no-pdf': { type: 'boolean' },
    chromium: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  const { values, positionals } = parsed;
  if (positionals.length > 1) throw new UsageError('bulletin preview shows one issue at a time.');
  const port = Number(values.port ?? '0');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes a port number from 0 to 65535, not "${values.port}".`);
  const host = values.host ?? '127.0.0.1';
  const allowHosts = values['allow-host'] ?? [];
  if (!loopbackHosts.includes(host) && allowHosts.length === 0) {
    throw new UsageError(`--host ${host} lets other machines reach the unpublished issue: name the address they use with --allow-host NAME.`);
  }
  return {
    issueDir: positionals[0],
    port,
    host,
    allowHosts,
    configPath: values.config,
    contentDir: values.content ?? 'content',
    templatesDir: values.templates,
    pdf: values['no-pdf'] !== true,
    chromium: values.chromium,
    help: values.help === true,
  };
}

export async function runPreview(args: PreviewArguments, context: CliContext, stopSignal = waitForInterrupt()): Promise<number> {
  if (args.help) {
    context.stdout(previewHelp);
    return 0;
  }
  const issueDir = args.issueDir ?? (await discoverIssues(resolve(context.cwd, args.contentDir))).at(-1);
  if (issueDir === undefined) throw new BulletinError(`No issue to preview under ${args.contentDir}/. Start one with \`bulletin new YYYY-MM\`.`);

  const { printing, advice } = args.pdf ? await setUpPrinting({ chromium: args.chromium, env: context.env, holdDocuments: true }) : { printing: undefined, advice: undefined };
  if (advice !== undefined) context.stderr(`Showing the web edition only: ${advice}`);
  // Kept warm for every rebuild: a saved edit shows in the PDF pane a moment after the web pane.
  printing?.warmUp();
  try {
    const preview = await startPreview({
      issueDir: resolve(context.cwd, issueDir),
      configPath: args.configPath === undefined ? undefined : resolve(context.cwd, args.configPath),
      templatesDir: args.templatesDir === undefined ? undefined : resolve(context.cwd, args.templatesDir),
      host: args.host,
      allowHosts: args.allowHosts,
      port: args.port,
      printer: printing?.printer,
      cwd: context.cwd,
      // --verbose: each rebuild's steps with their times, as a build shows them.
      progress: context.verbose ? terminalProgress({ write: context.writeStderr, tty: false, verbose: true, quiet: false }) : undefined,
      onBuild: (state) => {
        for (const line of state.problems) context.stderr(line);
        if (state.failure) context.stderr(`✗ ${state.failure}`);
        if (state.ok) context.stdout(`✓ ${state.phase === 'pdf' ? 'PDF' : 'web edition'} of ${state.issue} rebuilt in ${state.ms} ms`);
        else context.stderr(`✗ ${basename(issueDir)}: fix the problems above and save; the preview keeps running`);
      },
    });
    context.stdout(`Preview of ${context.relative(resolve(context.cwd, issueDir))}: ${preview.url}\nPress Ctrl-C to stop.`);
    await stopSignal;
    await preview.close();
    context.stdout('Preview stopped.');
    return 0;
  } finally {
    await printing?.close();
  }
}

function waitForInterrupt(): Promise<void> {
  return new Promise((resolveStop) => {
    // Listened to until the process ends: a second signal (Ctrl-C reaches a relaunched
    // preview twice, from the terminal and from its parent: relaunch.ts) does not cut
    // the stop short, leaving the browser and temporary folders behind.
    process.on('SIGINT', () => resolveStop());
    process.on('SIGTERM', () => resolveStop());
  });
}
