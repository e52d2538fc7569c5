import type { VFile } from 'vfile';

/**
 * Settings a file's own front-matter gives the later stages. The front-matter is
 * validated by then (`remarkFrontmatterData`), but its type depends on the file's
 * schema, so these read it defensively.
 */
function frontmatterOf(file: VFile): Record<string, unknown> | undefined {
  const frontmatter = file.data.frontmatter;
  return typeof frontmatter === 'object' && frontmatter !== null ? (frontmatter as Record<string, unknown>) : undefined;
}

/** The `lang` of the file's own front-matter, when it sets one. */
export function fileLanguage(file: VFile): string | undefined {
  const lang = frontmatterOf(file)?.['lang'];
  return typeof lang === 'string' ? lang : undefined;
}

/** False when the file's front-matter turns hyphenation off (`layout: { hyphenate: false }` in issue.md). */
export function fileWantsHyphenation(file: VFile): boolean {
  const layout = frontmatterOf(file)?.['layout'];
  return !(typeof layout === 'object' && layout !== null && (layout as Record<string, unknown>)['hyphenate'] === false);
}
