import { basename } from 'node:path';
import type { Position } from 'unist';
import type { VFile } from 'vfile';
import { reportProblem } from '../diagnostics/messages.js';

/** Where an id was first defined, to name it when the id comes again. */
interface FirstDefinition {
  file: VFile | undefined;
  position: Position | undefined;
}

function describe(definition: FirstDefinition): string {
  if (definition.file === undefined) return 'the issue template';
  const start = definition.position?.start;
  return start === undefined ? `${basename(definition.file.path)} (the section's own id, from its file name)` : `${basename(definition.file.path)}:${start.line}:${start.column}`;
}

/**
 * Every id on the printed page and the single-page edition must be unique: sections,
 * headings, footnotes and ids from raw HTML share one document. A second element with
 * a section's id would take its link target (the contents, the PDF's destinations and
 * the web edition's `#id` would lead there). Reports each id defined again, at its
 * place, naming the first. `templateIds` are the templates' own.
 */
export function reportDuplicateIds(files: readonly VFile[], templateIds: readonly string[]): void {
  const seen = new Map<string, FirstDefinition>(templateIds.map((id) => [id, { file: undefined, position: undefined }]));
  const definitions = files.flatMap((file) => (file.data.ids ?? []).map((defined) => ({ file, ...defined })));
  // Sections' own ids (they have no place in the text) come first: an id in the text is the one that moved.
  const ordered = [...definitions.filter((defined) => defined.position === undefined), ...definitions.filter((defined) => defined.position !== undefined)];
  for (const { file, id, position } of ordered) {
    const first = seen.get(id);
    if (first === undefined) {
      seen.set(id, { file, position });
      continue;
    }
    reportProblem(file, `The id "${id}" is already used by ${describe(first)}; ids must be unique in an issue, or links and the contents lead to the wrong place`, {
      place: position ?? { line: 1, column: 1 },
      ruleId: 'id-duplicate',
    });
  }
}
