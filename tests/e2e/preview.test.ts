import { spawn, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cliPath, repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';
import { withoutSoftHyphens } from '../helpers/text.js';

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeout = 20_000): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** Whether a process is Chromium's (its command's name, as the kernel has it). */
const isBrowser = (pid: number) => {
  try {
    return /chrom/i.test(readFileSync(`/proc/${pid}/comm`, 'utf8'));
  } catch {
    return false;
  }
};

/** Every process under `pid`: the preview runs in a Node it starts (src/relaunch.ts), the browser under that one. */
function descendantPids(pid: number): number[] {
  return childPids(pid).flatMap((child) => [child, ...descendantPids(child)]);
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * `bulletin preview` of a copy of the sample's May issue, its output gathered; `detached`
 * puts it in a process group of its own, as a terminal's foreground job.
 */
async function previewOfSample(options: { detached?: boolean } = {}) {
  const project = await tempDir();
  await cp(join(repoRoot, 'content', '2021-05'), join(project, 'content', '2021-05'), { recursive: true });
  await cp(join(repoRoot, 'bulletin.config.yaml'), join(project, 'bulletin.config.yaml'));
  const child = spawn(process.execPath, [cliPath, 'preview', 'content/2021-05', '--port', '0'], { cwd: project, stdio: ['ignore', 'pipe', 'pipe'], detached: options.detached ?? false });
  const output = { stdout: '', stderr: '' };
  child.stdout.on('data', (chunk: Buffer) => (output.stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output.stderr += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return { project, section: join(project, 'content', '2021-05', '01-diplomatic-calendar.md'), child, output, exited };
}

describe('bulletin preview', () => {
  it('serves the issue, rebuilds on save, shows problems without stopping, and stops cleanly on Ctrl-C', async () => {
    const { section, child, output, exited } = await previewOfSample();
    try {
      const url = await until('the address', async () => /Preview of content\/2021-05: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output.stdout)?.[1]);
      type State = { ok: boolean; webVersion?: number; pdfVersion?: number; problems: string[] };
      const status = async () => (await (await fetch(`${url}status`)).json()) as State | null;
      await until('the first build with its PDF', async () => ((await status())?.pdfVersion !== undefined ? true : undefined));

      const page = `${url}site/2021-05/01-diplomatic-calendar.html`;
      expect(await (await fetch(page)).text()).toContain('busiest months');
      expect((await fetch(`${url}site/2021-05/bulletin-2021-05.pdf`)).headers.get('content-type')).toBe('application/pdf');
      const shell = await (await fetch(url)).text();
      expect(shell).toContain('new EventSource');

      // The event stream tells the page about every rebuild.
      const events = await fetch(`${url}events`);
      const reader = events.body!.getReader();
      let received = '';
      void (async () => {
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          received += new TextDecoder().decode(value);
        }
      })().catch(() => {});

      const original = await readFile(section, 'utf8');
      const edited = Date.now();
      await writeFile(section, original.replace('busiest months', 'quietest months'));
      await until('the edit to be served', async () => (withoutSoftHyphens(await (await fetch(page)).text()).includes('quietest months') ? true : undefined));
      console.log(`preview: the edit was served ${Date.now() - edited} ms after the save`);
      await until('a build event', async () => (/event: build\ndata: \{[^\n]*"ok":true/.test(received) ? true : undefined));

      await writeFile(section, original.replace('title: The diplomatic calendar of the month\n', ''));
      const broken = await until('the problem to be reported', async () => {
        const state = await status();
        return state && !state.ok ? state : undefined;
      });
      expect(broken.problems).toEqual([
        'content/2021-05/01-diplomatic-calendar.md:2:1: error: Missing required field `title` in front-matter [frontmatter-missing-field]',
      ]);
      expect(output.stderr).toContain('01-diplomatic-calendar.md:2:1: error: Missing required field `title`');
      // The last good edition stays served.
      expect((await fetch(page)).status).toBe(200);

      await writeFile(section, original);
      await until('the fixed issue', async () => ((await status())?.ok === true && (await (await fetch(page)).text()).includes('busiest months') ? true : undefined));

      const children = descendantPids(child.pid!);
      expect(children.filter(isBrowser).length, 'the warm browser runs').toBeGreaterThan(0);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(output.stdout).toContain('Preview stopped.');
      await until('the browser to exit', async () => (children.every((pid) => !alive(pid)) ? true : undefined), 5000);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);

  it('shows a rebuilt PDF as soon as it is printed: the file the build then puts in its place, told once', async () => {
    const { project, section, child, output, exited } = await previewOfSample();
    try {
      const url = await until('the address', async () => /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output.stdout)?.[1]);
      type State = { ok: boolean; pdfVersion?: number; pdfHref?: string };
      const status = async () => (await (await fetch(`${url}status`)).json()) as State | null;
      const first = await until('the first build with its PDF', async () => ((await status())?.pdfVersion !== undefined ? status() : undefined));
      await writeFile(section, (await readFile(section, 'utf8')).replace('busiest months', 'quietest months'));
      const shown = await until('the rebuilt PDF', async () => {
        const state = await status();
        return state?.pdfVersion !== undefined && state.pdfVersion !== first?.pdfVersion ? state : undefined;
      });
      // Fetched the moment it is told of: the PDF with the edit, from where the pane loads it.
      expect(shown.pdfHref).toMatch(/^\/printed\//);
      const printed = Buffer.from(await (await fetch(`${url}${shown.pdfHref!.slice(1)}`)).arrayBuffer());
      const saved = join(project, 'shown.pdf');
      await writeFile(saved, printed);
      expect(withoutSoftHyphens(execFileSync('pdftotext', [saved, '-'], { encoding: 'utf8' })).replace(/\s+/g, ' ')).toContain('quietest months');
      const inSite = async () => Buffer.from(await (await fetch(`${url}site/2021-05/bulletin-2021-05.pdf`)).arrayBuffer());
      await until('the same PDF in the site', async () => ((await inSite()).equals(printed) ? true : undefined));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(output.stdout.match(/✓ PDF of 2021-05 rebuilt/g)).toHaveLength(2);
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 90_000);

  it('runs in a Node with a larger young generation, and stops once when Ctrl-C reaches the whole process group', async () => {
    // A process group of its own, as a terminal's foreground job: Ctrl-C signals every process in it.
    const { child, output, exited } = await previewOfSample({ detached: true });
    try {
      const url = await until('the address', async () => /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output.stdout)?.[1]);
      // Idle: the first build's PDF shown and the site's search index written. (Pagefind's
      // process is in the group too: a Ctrl-C while it indexes is another matter.)
      await until('the first build with its PDF', async () => (((await (await fetch(`${url}status`)).json()) as { pdfVersion?: number } | null)?.pdfVersion !== undefined ? true : undefined));
      await until('the search index', async () => ((await fetch(`${url}site/pagefind/pagefind-entry.json`)).ok ? true : undefined));
      const processes = descendantPids(child.pid!);
      const commandLines = processes.map((pid) => readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
      expect(commandLines.some((args) => args.includes('--max-semi-space-size=32') && args.includes('preview'))).toBe(true);
      expect(processes.filter(isBrowser).length).toBeGreaterThan(0);
      process.kill(-child.pid!, 'SIGINT');
      expect(await exited).toBe(0);
      expect(output.stdout.match(/Preview stopped\./g)).toHaveLength(1);
      await until('every process to exit', async () => (processes.every((pid) => !alive(pid)) ? true : undefined), 5000);
    } finally {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
  }, 90_000);
});
