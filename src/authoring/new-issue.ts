import { join } from 'node:path';
import { readFrontmatterFile } from '../content/frontmatter-file.js';
import { stringify } from 'yaml';
import { formatMonth, parseMonth } from '../model/month.js';
import type { IssueMonth } from '../model/types.js';

/** Fields of the previous issue that a new one starts from: the masthead, not the month's own. */
const carriedFields = ['title', 'subtitle', 'organization', 'lang', 'author', 'layout'] as const;

export interface NewIssueFile {
  /** Relative to the issue folder. */
  name: string;
  contents: string;
}

export interface NewIssuePlan {
  month: IssueMonth;
  files: NewIssueFile[];
  /** The issue the masthead was carried over from, if any. */
  basedOn: string | undefined;
}

/**
 * The files of a new issue: `issue.md` with the previous issue's masthead (its
 * subtitle moved to the new month when it names the old one) and the date filled
 * in, and a first section to start writing in. Fields the project config sets
 * are left to the config.
 */
export function planNewIssue(month: IssueMonth, previous: { id: string; frontmatter: Record<string, unknown> } | undefined): NewIssuePlan {
  const data: Record<string, unknown> = {};
  const previousMonth = previous === undefined ? undefined : parseMonth(previous.id);
  for (const field of carriedFields) {
    const value = previous?.frontmatter[field];
    if (value !== undefined) data[field] = value;
  }
  if (typeof data['subtitle'] === 'string' && previousMonth !== undefined) {
    const lang = typeof data['lang'] === 'string' ? data['lang'] : 'en';
    data['subtitle'] = data['subtitle'].replace(formatMonth(previousMonth, lang), formatMonth(month, lang));
  }
  data['subtitle'] ??= `Subtitle of the ${formatMonth(month, 'en')} issue`;
  const ordered = { ...(data['title'] === undefined ? {} : { title: data['title'] }), date: month.id, ...data };
  const issue = `---\n${stringify(ordered, { lineWidth: 0 })}---\n\n<!-- Optional foreword: write it here, below the front-matter. -->\n`;
  const section = `---\ntitle: Title of the first section\n---\n\nWrite the first section here. Each further section is a file named by its number and a\nshort slug: 02-energy.md, 03-transport.md, … Section numbers and the contents are made\nfor you.\n`;
  return {
    month,
    files: [
      { name: 'issue.md', contents: issue },
      { name: '01-first-section.md', contents: section },
    ],
    basedOn: previous?.id,
  };
}

/** The front-matter of `<contentDir>/<id>/issue.md` as plain data, or undefined when it cannot be read. */
export async function readIssueFrontmatter(issueDir: string): Promise<Record<string, unknown> | undefined> {
  return readFrontmatterFile(join(issueDir, 'issue.md'));
}
