import type { Point } from 'unist';
import type { VFile } from 'vfile';
import { location } from 'vfile-location';
import { isMap, isPair, isScalar, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import { didYouMean } from './did-you-mean.js';
import { reportProblem } from '../diagnostics/messages.js';

/** Where a YAML text sits inside its file, so that problems point at the file's own lines. */
export interface YamlRegion {
  text: string;
  /** Offset of `text` in the file's contents. */
  offset: number;
}

export interface ReadYamlOptions {
  /** Prefix of rule ids, e.g. `frontmatter` gives `frontmatter-yaml`, `frontmatter-field`, … */
  rulePrefix: string;
  /** What to call the YAML in messages, e.g. "front-matter". */
  label: string;
}

type Range = readonly [start: number, end: number];

/**
 * Parses YAML and validates it against a schema. Every problem becomes a message on
 * `file` with its line and column: syntax errors, wrong types, missing fields, and
 * unknown fields (a warning, with a "did you mean" for near misses). Returns the
 * validated data, or undefined when there was an error.
 */
export function readYamlData<Schema extends z.ZodType>(
  file: VFile,
  region: YamlRegion,
  schema: Schema,
  options: ReadYamlOptions,
): z.output<Schema> | undefined {
  const place = placeFinder(file, region.offset);
  const document = parseDocument(region.text, { prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    for (const error of document.errors) {
      reportProblem(file, `Invalid YAML in ${options.label}: ${firstLine(error.message)}`, {
        place: place(error.pos),
        ruleId: `${options.rulePrefix}-yaml`,
      });
    }
    return undefined;
  }

  let data: unknown;
  try {
    // Aliases are resolved here: an undefined one, or too many (an "alias bomb"), throw.
    data = document.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    reportProblem(file, `Invalid YAML in ${options.label}: ${firstLine((error as Error).message)}`, {
      place: place([0, 0]),
      ruleId: `${options.rulePrefix}-yaml`,
    });
    return undefined;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    reportProblem(file, `The ${options.label} must be a map of \`field: value\` lines`, {
      place: place(document.contents?.range === undefined ? [0, 0] : [document.contents.range[0], document.contents.range[1]]),
      ruleId: `${options.rulePrefix}-yaml`,
    });
    return undefined;
  }

  for (const unknown of unknownFields(schema, data, [])) {
    const hint = unknown.suggestion === undefined ? '' : `; did you mean \`${unknown.suggestion}\`?`;
    reportProblem(file, `Unknown field \`${unknown.path.join('.')}\` in ${options.label}${hint}`, {
      place: place(keyRange(document, unknown.path) ?? [0, 0]),
      ruleId: `${options.rulePrefix}-unknown-field`,
      severity: 'warning',
    });
  }

  const result = schema.safeParse(data);
  if (result.success) return result.data;
  for (const issue of result.error.issues) {
    const path = issue.path.map(String);
    const name = `\`${path.join('.')}\``;
    const missing = issue.code === 'invalid_type' && valueAt(data, path) === undefined;
    reportProblem(file, missing ? `Missing required field ${name} in ${options.label}` : `${name} ${describe(issue)}`, {
      place: place(nodeRange(document, path) ?? [0, 0]),
      ruleId: `${options.rulePrefix}-${missing ? 'missing-field' : 'field'}`,
    });
  }
  return undefined;
}

/** Turns an offset range in the YAML text into a position in the file. */
function placeFinder(file: VFile, baseOffset: number): (range: Range) => { start: Point; end: Point } | undefined {
  const points = location(file);
  return ([start, end]) => {
    const from = points.toPoint(baseOffset + start);
    const to = points.toPoint(baseOffset + Math.max(start, end));
    if (from === undefined) return undefined;
    return { start: from, end: to ?? from };
  };
}

function describe(issue: z.core.$ZodIssue): string {
  // Zod's own messages start with "Invalid input: …"; custom ones already read as a predicate.
  return issue.message.startsWith('Invalid') ? `is invalid: ${issue.message.replace(/^Invalid input: /, '')}` : issue.message;
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}

function valueAt(data: unknown, path: readonly string[]): unknown {
  let value = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The range of the value at `path`, or of its nearest existing parent. */
function nodeRange(document: Document, path: readonly string[]): Range | undefined {
  for (let length = path.length; length > 0; length--) {
    const node: unknown = document.getIn(path.slice(0, length), true);
    if (isScalar(node) || isMap(node)) {
      const range = node.range;
      if (range) return [range[0], range[1]];
    }
    if (node !== undefined && node !== null && typeof node === 'object' && 'range' in node) {
      const range = (node as { range?: [number, number, number] }).range;
      if (range) return [range[0], range[1]];
    }
  }
  return undefined;
}

/** The range of the key at `path` (the key itself, not its value). */
function keyRange(document: Document, path: readonly string[]): Range | undefined {
  const parent: unknown = path.length === 1 ? document.contents : document.getIn(path.slice(0, -1), true);
  if (!isMap(parent)) return undefined;
  for (const pair of parent.items) {
    if (isPair(pair) && isScalar(pair.key) && String(pair.key.value) === path.at(-1) && pair.key.range) {
      return [pair.key.range[0], pair.key.range[1]];
    }
  }
  return undefined;
}

interface UnknownField {
  path: string[];
  suggestion: string | undefined;
}

/** Keys of `data` that the schema's objects do not declare, at any depth. */
function unknownFields(schema: z.ZodType, data: unknown, path: string[]): UnknownField[] {
  const objectSchema = unwrapObject(schema);
  if (objectSchema === undefined || typeof data !== 'object' || data === null || Array.isArray(data)) return [];
  const shape = objectSchema.shape as Record<string, z.ZodType>;
  const known = Object.keys(shape);
  const found: UnknownField[] = [];
  for (const [key, value] of Object.entries(data)) {
    const field = shape[key];
    if (field === undefined) found.push({ path: [...path, key], suggestion: didYouMean(key, known) });
    else found.push(...unknownFields(field, value, [...path, key]));
  }
  return found;
}

function unwrapObject(schema: z.ZodType): z.ZodObject | undefined {
  let current: z.ZodType = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault) {
    current = current.unwrap() as z.ZodType;
  }
  return current instanceof z.ZodObject ? current : undefined;
}
