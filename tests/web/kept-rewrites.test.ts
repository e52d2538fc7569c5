import { cp, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { buildSite } from '../../src/site/build-site.js';
import { rewriteSection } from '../../src/web/rewrite-html.js';
import { repoRoot } from '../helpers/paths.js';
import { tempDir } from '../helpers/temp.js';

// Counts the sections the web pages parse and rewrite, the rewrite itself unchanged.
vi.mock('../../src/web/rewrite-html.js', async (original) => {
  const actual = await original<typeof import('../../src/web/rewrite-html.js')>();
  return { ...actual, rewriteSection: vi.fn(actual.rewriteSection) };
});
const rewrites = vi.mocked(rewriteSection);

/**
 * Builds without a cache, as one process after another: the sections' rewrites for the
 * web pages are kept beside the issue's model (site/model-store.ts), and a build whose
 * sections are the same takes them instead of parsing every section again.
 */
describe('the sections rewritten for the web pages, kept between builds', () => {
  let project: string;
  let issueDir: string;
  let outDir: string;
  const build = async (into = outDir) => {
    const report = await buildSite({ issueDirs: [issueDir], outDir: into, force: true });
    expect(report.ok).toBe(true);
  };
  const pages = async (dir: string) => {
    const names = (await readdir(join(dir, '2021-05'))).filter((name) => name.endsWith('.html')).sort();
    return Object.fromEntries(await Promise.all(names.map(async (name) => [name, await readFile(join(dir, '2021-05', name), 'utf8')] as const)));
  };

  beforeEach(async () => {
    project = await tempDir();
    issueDir = join(project, 'content', '2021-05');
    await cp(join(repoRoot, 'content', '2021-05'), issueDir, { recursive: true });
    await cp(join(repoRoot, 'bulletin.config.yaml'), join(project, 'bulletin.config.yaml'));
    outDir = join(project, 'dist');
    await build();
    rewrites.mockClear();
  });

  it('are taken by the next build of the same issue, which then writes the same pages', async () => {
    const before = await pages(outDir);
    await build();
    expect(rewrites).not.toHaveBeenCalled();
    expect(await pages(outDir)).toEqual(before);
  });

  it('are not taken for an edited section, which is rewritten alone, as a build into an empty folder rewrites it', async () => {
    const section = join(issueDir, '03-transport-corridors.md');
    await writeFile(section, (await readFile(section, 'utf8')).replace(/^(The [a-z]+)/m, '$1 kept-rewrites-edit'));
    await build();
    expect(rewrites).toHaveBeenCalledTimes(1);
    const fresh = join(project, 'fresh');
    await build(fresh);
    expect(await pages(outDir)).toEqual(await pages(fresh));
    expect((await pages(outDir))['03-transport-corridors.html']).toContain('kept-rewrites-edit');
  });
});
