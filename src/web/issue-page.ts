import type { Issue } from '../model/types.js';
import type { Templates } from '../render/templates.js';
import { issueView } from '../render/views.js';

export interface IssuePageOptions {
  /** Path of the stylesheet relative to the page. */
  stylesheet: string;
}

/** The whole issue on one page: masthead, foreword, contents and every section. */
export function renderIssuePage(issue: Issue, templates: Templates, options: IssuePageOptions): string {
  return templates.webIssue({ ...issueView(issue), stylesheet: options.stylesheet, showPages: false });
}
