import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createIssueLoader } from '../../src/issue/issue-loader.js';
import { formatMessages } from '../../src/diagnostics/report.js';
import { repoRoot } from '../helpers/paths.js';

// Each folder holds a valid issue with one bad thing, and the exact lines `bulletin check` must print.
const fixtures = join(repoRoot, 'tests', 'fixtures', 'check');
const cases = (await readdir(fixtures, { withFileTypes: true })).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

describe('bulletin check, one problem per fixture', () => {
  it('has a fixture for each check', () => {
    expect(cases.length).toBeGreaterThanOrEqual(22);
  });

  it.each(cases)('%s', async (name) => {
    const caseDir = join(fixtures, name);
    const { files, issue } = await createIssueLoader()(join(caseDir, '2021-05'));
    const expected = (await readFile(join(caseDir, 'expected.txt'), 'utf8')).split('\n').filter((line) => line !== '');
    expect(formatMessages(files, { cwd: caseDir })).toEqual(expected);
    // An issue with an error is not built; warnings alone do not stop it.
    expect(issue === undefined).toBe(expected.some((line) => line.includes(': error: ')));
  });
});
