import { DOMParser } from '@xmldom/xmldom';
import type { DraftArchive } from './draft-archive.js';

/** xmldom's elements have the DOM's interface. */
type XmlElement = Element;

const wordNamespace = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const mathNamespace = 'http://schemas.openxmlformats.org/officeDocument/2006/math';
const chartNamespace = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const diagramNamespace = 'http://schemas.openxmlformats.org/drawingml/2006/diagram';
const textBoxNamespace = 'http://schemas.microsoft.com/office/word/2010/wordprocessingShape';

/** Something in a draft that an import must not take in silently. */
export interface DraftFinding {
  kind: 'insertion' | 'deletion' | 'move' | 'comment' | 'text box' | 'chart' | 'diagram' | 'equation' | 'embedded object';
  /** 1-based number of the paragraph of the document's body it is in. */
  paragraph: number;
  /** Its text (for a comment: the comment's author and text). */
  text: string;
  /** What the import keeps of it. */
  kept: string;
}

/** Changes awaiting review, by the element Word records them with. */
const changes: Array<{ name: string; kind: DraftFinding['kind']; kept: string }> = [
  { name: 'ins', kind: 'insertion', kept: 'kept, as if accepted' },
  { name: 'del', kind: 'deletion', kept: 'left out, as if accepted' },
  { name: 'moveFrom', kind: 'move', kept: 'left out at its old place' },
  { name: 'moveTo', kind: 'move', kept: 'kept at its new place' },
];

/** Elements that Markdown has no form for, found by namespace and name. */
const unsupported: Array<{ namespace: string; name: string; kind: DraftFinding['kind']; kept: string }> = [
  { namespace: wordNamespace, name: 'txbxContent', kind: 'text box', kept: 'its text, as paragraphs where the box is anchored' },
  { namespace: textBoxNamespace, name: 'txbx', kind: 'text box', kept: 'its text, as paragraphs where the box is anchored' },
  { namespace: chartNamespace, name: 'chart', kind: 'chart', kept: 'nothing; insert it as an image with alt text' },
  { namespace: diagramNamespace, name: 'relIds', kind: 'diagram', kept: 'nothing; insert it as an image with alt text' },
  { namespace: mathNamespace, name: 'oMath', kind: 'equation', kept: 'nothing; type it as text or insert it as an image' },
  { namespace: wordNamespace, name: 'object', kind: 'embedded object', kept: 'its preview image, if it is a PNG, JPEG, GIF or SVG' },
];

/**
 * What a draft holds besides its text: changes not yet accepted, comments, and
 * elements Markdown cannot carry, each with the paragraph it is in. Read from the
 * document's own XML (with xmldom), because mammoth takes insertions in and leaves
 * deletions and comments out without a word.
 */
export async function reviewDraft(draft: DraftArchive): Promise<DraftFinding[]> {
  const body = await readXml(draft, 'word/document.xml');
  if (body === undefined) return [];
  const comments = await commentTexts(draft);
  const findings: DraftFinding[] = [];
  const paragraphs = body.getElementsByTagNameNS(wordNamespace, 'p');
  for (let index = 0; index < paragraphs.length; index++) {
    const paragraph = paragraphs.item(index)!;
    // A paragraph inside a text box is counted, and reported with the box.
    const number = index + 1;
    for (const change of changes) {
      for (const element of directOrNested(paragraph, wordNamespace, change.name)) {
        findings.push({ kind: change.kind, paragraph: number, text: runText(element), kept: change.kept });
      }
    }
    for (const start of directOrNested(paragraph, wordNamespace, 'commentReference')) {
      const comment = comments.get(start.getAttributeNS(wordNamespace, 'id') ?? '');
      findings.push({ kind: 'comment', paragraph: number, text: comment ?? '', kept: 'left out' });
    }
    for (const element of unsupported) {
      if (paragraph.getElementsByTagNameNS(element.namespace, element.name).length > 0 && !insideNestedParagraph(paragraph, element)) {
        findings.push({ kind: element.kind, paragraph: number, text: shorten(runText(paragraph)), kept: element.kept });
      }
    }
  }
  return dedupe(findings);
}

async function readXml(draft: DraftArchive, path: string): Promise<XmlElement | undefined> {
  const text = await draft.text(path);
  if (text === undefined) return undefined;
  // Warnings of a sloppy but readable part are not the user's concern; a part that does not parse is.
  const parser = new DOMParser({ errorHandler: { warning: () => {}, error: () => {} } });
  return parser.parseFromString(text.replace(/^\uFEFF/, ''), 'text/xml').documentElement ?? undefined;
}

/** Comment id → "Author: text". */
async function commentTexts(draft: DraftArchive): Promise<Map<string, string>> {
  const comments = new Map<string, string>();
  const root = await readXml(draft, 'word/comments.xml');
  if (root === undefined) return comments;
  const list = root.getElementsByTagNameNS(wordNamespace, 'comment');
  for (let index = 0; index < list.length; index++) {
    const comment = list.item(index)!;
    const author = comment.getAttributeNS(wordNamespace, 'author');
    comments.set(comment.getAttributeNS(wordNamespace, 'id') ?? '', `${author ? `${author}: ` : ''}${runText(comment)}`);
  }
  return comments;
}

/** The elements of that name in this paragraph, not in a paragraph nested in it (a text box's). */
function directOrNested(paragraph: XmlElement, namespace: string, name: string): XmlElement[] {
  const found: XmlElement[] = [];
  const list = paragraph.getElementsByTagNameNS(namespace, name);
  for (let index = 0; index < list.length; index++) {
    const element = list.item(index)!;
    if (closestParagraph(element) === paragraph) found.push(element);
  }
  return found;
}

function insideNestedParagraph(paragraph: XmlElement, element: { namespace: string; name: string }): boolean {
  const list = paragraph.getElementsByTagNameNS(element.namespace, element.name);
  for (let index = 0; index < list.length; index++) if (closestParagraph(list.item(index)!) === paragraph) return false;
  return true;
}

function closestParagraph(element: XmlElement): XmlElement | undefined {
  let node = element.parentNode;
  while (node !== null) {
    if (node.nodeType === 1 && (node as XmlElement).namespaceURI === wordNamespace && (node as XmlElement).localName === 'p') return node as XmlElement;
    node = node.parentNode;
  }
  return undefined;
}

/** The text of runs under an element, deleted text included. */
function runText(element: XmlElement): string {
  let text = '';
  for (const name of ['t', 'delText']) {
    const list = element.getElementsByTagNameNS(wordNamespace, name);
    for (let index = 0; index < list.length; index++) text += list.item(index)!.textContent ?? '';
  }
  return text.trim();
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** One finding per kind, paragraph and text: Word splits one change into many runs. */
function dedupe(findings: DraftFinding[]): DraftFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.kind}\0${finding.paragraph}\0${finding.text}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
