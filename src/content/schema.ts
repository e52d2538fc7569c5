import { z } from 'zod';

/**
 * One schema for every YAML the editors write: the types, the runtime checks and
 * the "unknown field" warnings all come from here.
 */

const languageCode = z
  .string()
  .regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a language code such as `en` or `az`');

/** `YYYY-MM` with a real month. */
export const monthString = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month written `YYYY-MM`, e.g. `2021-05`');

const nonEmpty = z.string().trim().min(1, 'must not be empty');

/** Organization names in display order, keyed by language: `{ en: …, az: … }`. */
const organization = z
  .record(languageCode, nonEmpty)
  .refine((names) => Object.keys(names).length > 0, 'must name the organization in at least one language');

const keywords = z.union([z.array(nonEmpty), nonEmpty.transform((text) => text.split(/\s*,\s*/).filter(Boolean))]);

export const layoutSchema = z.object({
  /** Body columns of the print edition. Default 1. */
  columns: z.union([z.literal(1), z.literal(2)]).optional(),
  /** Footer of the print edition: `page` prints `7`, `page-of-total` prints `7 / 20`. Default `page`. */
  pageNumbers: z.enum(['page', 'page-of-total']).optional(),
  /** Languages of the organization's names shown in the running header, in order. Default: as in the masthead. */
  header: z.array(languageCode).min(1).optional(),
  /** The organization's names in the masthead, by language, in order. Default: the issue's language first, then the others as `organization` lists them. */
  masthead: z.array(languageCode).min(1).optional(),
  /** Soft hyphens from TeX patterns in both editions, for the languages that have patterns. Default true. */
  hyphenate: z.boolean().optional(),
  /** Justified body text in the print edition (hyphenation should stay on). Default false. */
  justify: z.boolean().optional(),
});

/** Fields of `issue.md` and defaults of `bulletin.config.yaml`: everything optional at this level. */
const issueFields = {
  title: nonEmpty.optional(),
  date: monthString.optional(),
  subtitle: nonEmpty.optional(),
  organization: organization.optional(),
  lang: languageCode.optional(),
  author: nonEmpty.optional(),
  keywords: keywords.optional(),
  layout: layoutSchema.optional(),
};

export const issueFrontmatterSchema = z.object(issueFields);

export const configSchema = z.object({
  ...issueFields,
  site: z.object({ url: z.url().optional(), search: z.boolean().optional() }).optional(),
});

export const sectionFrontmatterSchema = z.object({
  title: nonEmpty,
  lang: languageCode.optional(),
  author: nonEmpty.optional(),
});

export type IssueFrontmatter = z.output<typeof issueFrontmatterSchema>;
export type ProjectConfig = z.output<typeof configSchema>;
export type SectionFrontmatter = z.output<typeof sectionFrontmatterSchema>;
export type LayoutOptions = z.output<typeof layoutSchema>;

/** Fields an issue must have once `issue.md` and the config are merged. */
export const requiredIssueFields = ['title', 'date', 'subtitle', 'organization'] as const;
