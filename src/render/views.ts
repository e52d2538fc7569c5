import { formatMonth } from '../model/month.js';
import type { Issue, OrganizationName, Section, TocEntry } from '../model/types.js';

/** What every template of an issue reads: the model plus the strings derived for display. */
export interface IssueView {
  lang: string;
  title: string;
  subtitle: string;
  month: Issue['month'];
  monthLabel: string;
  /** "Bulletin — May 2021": the window title and the PDF's Title. */
  documentTitle: string;
  organization: OrganizationName[];
  foreword: string | undefined;
  sections: Section[];
  toc: TocEntry[];
}

export function issueView(issue: Issue): IssueView {
  const monthLabel = formatMonth(issue.month, issue.lang);
  return {
    lang: issue.lang,
    title: issue.title,
    subtitle: issue.subtitle,
    month: issue.month,
    monthLabel,
    documentTitle: `${issue.title} — ${monthLabel}`,
    organization: issue.organization,
    foreword: issue.foreword,
    sections: issue.sections,
    toc: issue.toc,
  };
}
