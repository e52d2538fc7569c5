import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { stringify } from 'yaml';

export interface IssueInput {
  month?: string;
  meta?: Record<string, unknown>;
  sections: Array<{ title: string; body: string; slug?: string }>;
}

/** Writes an issue folder in the content format, for tests that need content made to measure. */
export async function writeIssue(root: string, input: IssueInput): Promise<string> {
  const month = input.month ?? '2021-05';
  const dir = join(root, month);
  await mkdir(dir, { recursive: true });
  const meta = {
    title: 'Bulletin',
    date: month,
    subtitle: 'A test issue',
    organization: { en: 'Test Organization', az: 'Sınaq Təşkilatı' },
    ...input.meta,
  };
  await writeFile(join(dir, 'issue.md'), `---\n${stringify(meta)}---\n`);
  for (const [index, section] of input.sections.entries()) {
    const number = String(index + 1).padStart(2, '0');
    const slug = section.slug ?? `section-${number}`;
    await writeFile(join(dir, `${number}-${slug}.md`), `---\n${stringify({ title: section.title })}---\n\n${section.body}\n`);
  }
  return dir;
}

/** A deterministic paragraph of about `words` words, different for each seed. */
export function paragraph(seed: number, words = 80): string {
  const vocabulary = ['policy', 'trade', 'energy', 'corridor', 'ministers', 'agreement', 'region', 'growth', 'talks', 'border', 'investment', 'capital', 'delegation', 'reform', 'exports', 'the', 'of', 'and', 'in', 'a', 'with', 'for', 'on', 'its'];
  let state = seed * 7919 + 17;
  const out: string[] = [];
  for (let index = 0; index < words; index++) {
    state = (state * 48271) % 2147483647;
    out.push(vocabulary[state % vocabulary.length]!);
  }
  const text = out.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
}
