import { relative, resolve } from 'node:path';
import type { VFile } from 'vfile';
import { reportProblem } from '../diagnostics/messages.js';

/** An issue folder, the month it says it is, and the file that says so. */
export interface IssueMonthClaim {
  dir: string;
  month: string | undefined;
  /** `issue.md`, where a clash is reported; undefined for an issue known only by its folder (up to date). */
  file: VFile | undefined;
}

/**
 * One month, one folder: an issue's outputs go to `<out>/<YYYY-MM>/`, so two folders
 * that say the same month would overwrite each other's pages. Each folder of a month
 * claimed twice gets an error on its issue.md naming the others; none of them is
 * built. Returns the folders in clash.
 */
export function reportSharedMonths(claims: readonly IssueMonthClaim[], cwd: string): Set<string> {
  const byMonth = new Map<string, IssueMonthClaim[]>();
  for (const claim of claims) {
    if (claim.month === undefined) continue;
    byMonth.set(claim.month, [...(byMonth.get(claim.month) ?? []), claim]);
  }
  const clashing = new Set<string>();
  for (const [month, claimed] of byMonth) {
    // The same folder named twice (a build given it twice) is one folder.
    const sharing = claimed.filter((claim, index) => claimed.findIndex((other) => resolve(other.dir) === resolve(claim.dir)) === index);
    if (sharing.length < 2) continue;
    for (const claim of sharing) {
      clashing.add(claim.dir);
      const others = sharing.filter((other) => other !== claim).map((other) => relative(cwd, other.dir) || other.dir);
      if (claim.file !== undefined) {
        reportProblem(claim.file, `${month} is also the month of ${others.join(', ')}: one month, one issue folder (the outputs of both would go to ${month}/)`, {
          place: { line: 1, column: 1 },
          ruleId: 'issue-month-duplicate',
        });
      }
    }
  }
  return clashing;
}
