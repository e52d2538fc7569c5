import { spawn } from 'node:child_process';
import { cp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cliPath, repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';

/** Sections 08 to 99, only in edition B: enough pages that writing them takes a while. */
const extraSections = Array.from({ length: 92 }, (_, index) => `${index + 8}`.padStart(2, '0')).map((number) => `${number}-extra-section-${number}`);

/** Two editions of one month: B renames the issue and has many sections A lacks. */
async function writeEdition(issueDir: string, edition: 'A' | 'B'): Promise<void> {
  const issueFile = join(issueDir, 'issue.md');
  const text = await readFile(issueFile, 'utf8');
  await writeFile(issueFile, text.replace(/^title: .*\n/m, '').replace(/^date: .*$/m, (date) => `${date}\ntitle: Edition ${edition}`));
  for (const name of extraSections) {
    const file = join(issueDir, `${name}.md`);
    if (edition === 'B') await writeFile(file, `---\ntitle: Extra section ${name.slice(0, 2)}\n---\n\nOnly edition B has this section.\n`);
    else await rm(file, { force: true });
  }
}

/** Every page of the month's folder, by name, with the edition its title names. */
async function editionsOnDisk(monthDir: string): Promise<{ names: string[]; editions: Set<string> }> {
  const names = (await readdir(monthDir)).filter((name) => name.endsWith('.html')).sort();
  const editions = new Set<string>();
  for (const name of names) for (const found of (await readFile(join(monthDir, name), 'utf8')).matchAll(/Edition ([AB])/g)) editions.add(found[1]!);
  return { names, editions };
}

/** Runs a web-only build and kills it with SIGKILL the moment a page of the new edition appears anywhere in the output. */
async function buildKilledAtFirstPage(project: string): Promise<void> {
  const child = spawn(process.execPath, [cliPath, 'build', '--no-pdf', '--force'], { cwd: project, stdio: 'ignore' });
  const exited = new Promise((resolve) => child.on('close', resolve));
  let running = true;
  void exited.then(() => (running = false));
  while (running) {
    const files = await readdir(join(project, 'dist'), { recursive: true }).catch((): string[] => []);
    if (files.some((file) => file.includes('-extra-section-') || file.includes('.bulletin-staging-'))) break;
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  child.kill('SIGKILL');
  await exited;
}

describe('an issue’s edition changes as a whole', () => {
  it('leaves the old edition or the new one, never a mix, when a build is killed while writing', async () => {
    const project = await tempDir();
    const issueDir = join(project, 'content', '2021-05');
    await cp(join(repoRoot, 'content', '2021-05'), issueDir, { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(project, 'bulletin.config.yaml'));
    await writeEdition(issueDir, 'A');
    expect((await runCli(['build', '--no-pdf'], { cwd: project })).code).toBe(0);
    const monthDir = join(project, 'dist', '2021-05');
    const pagesOfA = (await editionsOnDisk(monthDir)).names;
    const pagesOfB = [...pagesOfA, ...extraSections.map((name) => `${name}.html`)].sort();

    for (const edition of ['B', 'A'] as const) {
      await writeEdition(issueDir, edition);
      await buildKilledAtFirstPage(project);
      const { names, editions } = await editionsOnDisk(monthDir);
      expect(editions.size, `pages of one edition only, found ${[...editions].join(', ')}`).toBe(1);
      expect(names).toEqual(editions.has('B') ? pagesOfB : pagesOfA);
    }

    // The next build finishes the job and leaves no staging folder behind.
    await writeEdition(issueDir, 'B');
    expect((await runCli(['build', '--no-pdf'], { cwd: project })).code).toBe(0);
    expect((await editionsOnDisk(monthDir)).editions).toEqual(new Set(['B']));
    expect((await readdir(join(project, 'dist'))).filter((name) => name.startsWith('.bulletin-staging-'))).toEqual([]);
  }, 90_000);
});
