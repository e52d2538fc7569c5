import type { Root } from 'mdast';
import type { VFile } from 'vfile';
import type { z } from 'zod';
import { readYamlData } from '../content/yaml-data.js';

export interface FrontmatterDataOptions {
  /** Schema the front-matter must satisfy; the validated value lands on `file.data.frontmatter`. */
  schema: z.ZodType;
}

/**
 * Reads the YAML front-matter that `remark-frontmatter` recognised, validates it,
 * reports problems at their line in the file, and removes it from the tree.
 * A file without front-matter is validated as if it had an empty one.
 */
export function remarkFrontmatterData(options: FrontmatterDataOptions) {
  return (tree: Root, file: VFile): void => {
    const first = tree.children[0];
    const source = String(file.value);
    let region = { text: '', offset: 0 };
    if (first?.type === 'yaml') {
      const start = first.position?.start.offset ?? 0;
      // The YAML starts on the line after the opening `---`.
      region = { text: first.value, offset: source.indexOf('\n', start) + 1 };
      tree.children.shift();
    }
    const data = readYamlData(file, region, options.schema, { rulePrefix: 'frontmatter', label: 'front-matter' });
    if (data !== undefined) file.data.frontmatter = data;
  };
}
