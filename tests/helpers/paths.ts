import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const sampleIssueDir = join(repoRoot, 'content', '2021-05');
export const fixtureIssue = (name: string): string => join(repoRoot, 'tests', 'fixtures', 'issues', name, '2021-05');
export const cliPath = join(repoRoot, 'bin', 'bulletin.js');
export const artifactsDir = join(repoRoot, 'tests', 'artifacts');
