import { describe, expect, it } from 'vitest';
import { planNewIssue } from '../../src/authoring/new-issue.js';

const june = { id: '2021-06', year: 2021, month: 6 };

describe('planNewIssue', () => {
  it('carries the masthead over, moves the subtitle to the new month, and drops the month’s own fields', () => {
    const plan = planNewIssue(june, {
      id: '2021-05',
      frontmatter: {
        title: 'Bulletin',
        date: '2021-05',
        subtitle: 'Highlight of the foreign policy in May 2021',
        organization: { en: 'Center', az: 'Mərkəz' },
        keywords: ['energy'],
      },
    });
    expect(plan.basedOn).toBe('2021-05');
    expect(plan.files.map((file) => file.name)).toEqual(['issue.md', '01-first-section.md']);
    expect(plan.files[0]?.contents).toBe(
      '---\ntitle: Bulletin\ndate: 2021-06\nsubtitle: Highlight of the foreign policy in June 2021\norganization:\n  en: Center\n  az: Mərkəz\n---\n\n<!-- Optional foreword: write it here, below the front-matter. -->\n',
    );
  });

  it('starts from a placeholder subtitle when there is no earlier issue', () => {
    const plan = planNewIssue(june, undefined);
    expect(plan.basedOn).toBeUndefined();
    expect(plan.files[0]?.contents).toMatch(/^---\ndate: 2021-06\nsubtitle: Subtitle of the June 2021 issue\n---\n/);
    expect(plan.files[1]?.contents).toMatch(/^---\ntitle: Title of the first section\n---\n/);
  });
});
