import { cp, readFile, stat, utimes, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/site/build-site.js';
import { inputsSignature } from '../../src/site/up-to-date.js';
import { repoRoot } from '../helpers/paths.js';
import { codeDir } from '../../src/paths.js';
import { tempDir } from '../helpers/temp.js';

/**
 * An unchanged site is recognised from its files' stat (site/up-to-date.ts), as git
 * trusts its index: the issue folders are hashed only when their files' names, sizes,
 * times or inodes changed, or changed too recently to tell.
 */
describe('issue folders recognised as unchanged from their files’ stat', () => {
  let issueDir: string;
  let outDir: string;
  const wholeSecond = new Date('2026-01-01T00:00:00Z');
  const section = () => join(issueDir, '01-diplomatic-calendar.md');
  const build = async () => {
    const report = await buildSite({ issueDirs: [issueDir], outDir });
    expect(report.ok).toBe(true);
    return report.issues[0]!;
  };
  const record = async () => JSON.parse(await readFile(join(outDir, '.bulletin-inputs.json'), 'utf8')) as Record<string, { signature: string; contentKey: string }>;

  beforeAll(async () => {
    const project = await tempDir();
    issueDir = join(project, 'content', '2021-05');
    outDir = join(project, 'dist');
    await cp(join(repoRoot, 'content', '2021-05'), issueDir, { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(project, 'bulletin.config.yaml'));
    // Whole seconds, as a coarse clock keeps them: an edit can then be given the same time back.
    await utimes(section(), wholeSecond, wholeSecond);
    await build();
    // Files written a moment ago are hashed, and vouch for nothing yet.
    await sleep(2100);
  }, 60_000);

  it('keeps what it hashed once the files have settled, and trusts it next time', async () => {
    expect((await build()).upToDate).toBe(true);
    const known = (await record())[relative(outDir, issueDir)];
    expect(known?.contentKey).toMatch(/^[0-9a-f]{64}$/);
    // The recorded key stands for the files: another key there, and the issue is built again.
    await writeFile(join(outDir, '.bulletin-inputs.json'), JSON.stringify({ [relative(outDir, issueDir)]: { ...known, contentKey: '0'.repeat(64) } }));
    expect((await build()).upToDate).toBe(false);
    expect((await build()).upToDate).toBe(true);
  }, 60_000);

  it('forgets folders that are gone when it writes what it learned', async () => {
    const known = (await record())[relative(outDir, issueDir)]!;
    const gone = join(issueDir, '..', '2019-01');
    // The folder's own entry out of date: it is hashed again, and the record written.
    await writeFile(join(outDir, '.bulletin-inputs.json'), JSON.stringify({ [relative(outDir, gone)]: known, [relative(outDir, issueDir)]: { ...known, signature: '0'.repeat(64) } }));
    await build();
    // Beside the issue folders the record may hold the tool's own code folder (its fingerprint, up-to-date.ts).
    expect(Object.keys(await record()).filter((folder) => folder !== relative(outDir, codeDir))).toEqual([relative(outDir, issueDir)]);
  }, 60_000);

  it('sees an edit that keeps the file’s size and modification time', async () => {
    const before = await stat(section());
    const text = await readFile(section(), 'utf8');
    expect(text).toContain('busiest months');
    await writeFile(section(), text.replace('busiest months', 'quietest month'));
    await utimes(section(), wholeSecond, wholeSecond);
    expect((await stat(section(), { bigint: true })).mtimeNs).toBe(BigInt(wholeSecond.getTime()) * 1_000_000n);
    expect((await stat(section())).size).toBe(before.size);
    // Long enough for the edit to look settled: only its change time (ctime) tells.
    await sleep(2100);
    expect((await build()).upToDate).toBe(false);
    expect(await readFile(join(outDir, '2021-05', '01-diplomatic-calendar.html'), 'utf8')).toContain('quietest month');
  }, 60_000);

  it('does not vouch for a file changed in the last two seconds', async () => {
    const now = Date.now();
    expect(inputsSignature(issueDir, [section()], '', now + 10_000)).toMatch(/^[0-9a-f]{64}$/);
    await writeFile(section(), await readFile(section(), 'utf8'));
    expect(inputsSignature(issueDir, [section()], '', Date.now())).toBeUndefined();
    expect(inputsSignature(issueDir, [join(issueDir, 'no-such-file.md')], '', now + 10_000)).toBeUndefined();
  });
});

/**
 * A save while an issue is built: the outputs have the text as it was read, after the
 * key was made. Its record must not call them up to date for the files as they were
 * before, or an editor who goes back to those exact bytes keeps the other text.
 */
describe('an issue saved while it is built', () => {
  /** The sample issue in a project of its own, and its first section as it is. */
  const sampleProject = async () => {
    const project = await tempDir();
    const issueDir = join(project, 'content', '2021-05');
    await cp(join(repoRoot, 'content', '2021-05'), issueDir, { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(project, 'bulletin.config.yaml'));
    const section = join(issueDir, '01-diplomatic-calendar.md');
    return { issueDir, outDir: join(project, 'dist'), section, original: await readFile(section, 'utf8') };
  };

  it('is built again when its files return to what they were before the save', async () => {
    const { issueDir, outDir, section, original } = await sampleProject();
    const saved = original.replace(/\bMay\b/, 'SAVED-DURING-THE-BUILD');
    const { writeFileSync } = await import('node:fs');
    // The key is made; then, as the issue is checked, the editor saves.
    const saveOnCheck = { start: (_issue: string, step: string) => step === 'check' && writeFileSync(section, saved), end: () => {} };
    const first = await buildSite({ issueDirs: [issueDir], outDir, progress: saveOnCheck });
    expect(first.ok).toBe(true);
    const page = () => readFile(join(outDir, '2021-05', '01-diplomatic-calendar.html'), 'utf8');
    expect(await page()).toContain('SAVED-DURING-THE-BUILD');
    await writeFile(section, original);
    const second = await buildSite({ issueDirs: [issueDir], outDir });
    expect(second.issues[0]!.upToDate).toBe(false);
    expect(await page()).not.toContain('SAVED-DURING-THE-BUILD');
  });

  it('is not served from the cache a preview keeps between its builds, once its files return', async () => {
    const { issueDir, outDir, section, original } = await sampleProject();
    const { writeFileSync } = await import('node:fs');
    const { createBuildCache } = await import('../../src/site/build-cache.js');
    const cache = createBuildCache();
    const saveOnCheck = { start: (_issue: string, step: string) => step === 'check' && writeFileSync(section, original.replace(/\bMay\b/, 'SAVED-DURING-THE-BUILD')), end: () => {} };
    expect((await buildSite({ issueDirs: [issueDir], outDir, cache, progress: saveOnCheck, force: true })).ok).toBe(true);
    await writeFile(section, original);
    expect((await buildSite({ issueDirs: [issueDir], outDir, cache, force: true })).ok).toBe(true);
    expect(await readFile(join(outDir, '2021-05', '01-diplomatic-calendar.html'), 'utf8')).not.toContain('SAVED-DURING-THE-BUILD');
  });
});
