import type { Element, ElementContent, Root, RootContent } from 'hast';
import { fromHtml } from 'hast-util-from-html';
import { toString } from 'hast-util-to-string';
import { visit } from 'unist-util-visit';

/** A note of the draft (footnote or endnote), by the label its Markdown footnote gets. */
export interface DraftNote {
  label: string;
  content: ElementContent[];
}

/** One section of a draft, still as HTML: its title and its body. */
export interface DraftSection {
  title: string;
  body: ElementContent[];
  /** The draft's notes referenced in this section, in order of first reference. */
  notes: DraftNote[];
}

export interface SplitDraft {
  sections: DraftSection[];
  /** The draft had no Heading 1: one section, titled from its Title or its first line. */
  untitled: boolean;
  /** Paragraphs (and other blocks) before the first Heading 1, put at the start of the first section. */
  preambleLength: number;
}

/** Numbering typed by hand at the start of a title: "I. ", "3) ", "IV – ". */
const typedNumber = /^\s*(?:[IVXLCDM]+|\d+)(?:[.)]|\s+[–—-])\s+/;

/** "III. Energy cooperation" → "Energy cooperation": sections are numbered for you. */
export function withoutTypedNumber(title: string): string {
  return title.replace(typedNumber, '').trim();
}

/**
 * Splits mammoth's HTML into sections at each Heading 1 (or keeps it whole as one
 * section with `oneSection`), after putting each caption with its image, dropping
 * images that were left out, and moving each footnote and endnote into the section
 * that refers to it.
 */
export function splitDraft(html: string, options: { oneSection: boolean }): SplitDraft {
  const tree = fromHtml(html, { fragment: true });
  const notes = takeNotes(tree);
  dropEmptyImages(tree);
  joinCaptions(tree);
  const draftTitle = takeTitle(tree);
  const blocks = tree.children.filter((node): node is ElementContent => node.type !== 'doctype');
  const headings = blocks.filter(isHeadingOne);
  let sections: DraftSection[];
  let preambleLength = 0;
  if (options.oneSection || headings.length === 0) {
    const [first, ...rest] = blocks;
    const titleFromFirst = draftTitle === undefined && first !== undefined && first.type === 'element';
    const title = draftTitle ?? (titleFromFirst ? toString(first) : '');
    // Headings inside the one section move a level down: its Heading 1s become its second level.
    const body = (titleFromFirst ? rest : blocks).map(demoteHeading);
    sections = [{ title: withoutTypedNumber(title), body, notes: [] }];
  } else {
    sections = [];
    // Text before the first Heading 1 opens the first section.
    const preamble = blocks.slice(0, blocks.indexOf(headings[0]!));
    preambleLength = preamble.filter((block) => block.type === 'element').length;
    for (const block of blocks.slice(preamble.length)) {
      if (isHeadingOne(block)) sections.push({ title: withoutTypedNumber(toString(block)), body: sections.length === 0 ? [...preamble] : [], notes: [] });
      else sections.at(-1)!.body.push(block);
    }
  }
  for (const section of sections) section.notes = attachNotes(section.body, notes);
  return { sections, untitled: headings.length === 0 && !options.oneSection, preambleLength };
}

/** h1 → h2 (its typed number removed), h2 → h3 …; anything else as it is. */
function demoteHeading(node: ElementContent): ElementContent {
  const level = node.type === 'element' ? /^h([1-5])$/.exec(node.tagName)?.[1] : undefined;
  if (node.type !== 'element' || level === undefined) return node;
  const [first, ...rest] = node.children;
  const children = level === '1' && first?.type === 'text' ? [{ ...first, value: first.value.replace(typedNumber, '') }, ...rest] : node.children;
  return { ...node, tagName: `h${Number(level) + 1}`, children };
}

function isHeadingOne(node: RootContent): node is Element {
  return node.type === 'element' && node.tagName === 'h1' && !hasClass(node, 'draft-title');
}

function hasClass(node: Element, name: string): boolean {
  const classes = node.properties['className'];
  return Array.isArray(classes) && classes.includes(name);
}

/** The Title paragraph's text (the first one), removed from the body; the Subtitle is dropped. */
function takeTitle(tree: Root): string | undefined {
  let title: string | undefined;
  tree.children = tree.children.filter((node) => {
    if (node.type !== 'element') return true;
    if (hasClass(node, 'draft-title')) {
      title ??= toString(node).trim();
      return false;
    }
    return !hasClass(node, 'draft-subtitle');
  });
  return title;
}

/**
 * mammoth writes each footnote and endnote as a list item (`<li id="footnote-1">`) at
 * the end, with a back-link, and refers to it by `<sup><a href="#footnote-1">[1]</a></sup>`.
 * Takes the lists out; notes get the labels `1`, `2` … and endnotes `e1`, `e2` ….
 */
function takeNotes(tree: Root): Map<string, DraftNote> {
  const notes = new Map<string, DraftNote>();
  tree.children = tree.children.filter((node) => {
    if (node.type !== 'element' || node.tagName !== 'ol') return true;
    const items = node.children.filter((child): child is Element => child.type === 'element' && child.tagName === 'li');
    const ids = items.map((item) => String(item.properties['id'] ?? ''));
    if (items.length === 0 || !ids.every((id) => /^(footnote|endnote)-/.test(id))) return true;
    items.forEach((item, index) => {
      const id = ids[index]!;
      const label = `${id.startsWith('endnote') ? 'e' : ''}${id.replace(/^\w+-/, '')}`;
      notes.set(id, { label, content: withoutBackLinks(item.children) });
    });
    return false;
  });
  return notes;
}

function withoutBackLinks(content: ElementContent[]): ElementContent[] {
  const root: Root = { type: 'root', children: structuredClone(content) };
  visit(root, 'element', (node, index, parent) => {
    const href = node.properties['href'];
    if (node.tagName === 'a' && typeof href === 'string' && /^#(footnote|endnote)-ref-/.test(href) && parent && index !== undefined) {
      parent.children.splice(index, 1);
      return index;
    }
    return undefined;
  });
  return root.children as ElementContent[];
}

/** Replaces each note reference in the body by a marker, and returns the section's notes in order. */
function attachNotes(body: ElementContent[], notes: ReadonlyMap<string, DraftNote>): DraftNote[] {
  const used: DraftNote[] = [];
  const root: Root = { type: 'root', children: body };
  visit(root, 'element', (node) => {
    const link = node.tagName === 'sup' ? node.children.find((child): child is Element => child.type === 'element' && child.tagName === 'a') : undefined;
    const href = link?.properties['href'];
    if (typeof href !== 'string' || !/^#(footnote|endnote)-/.test(href)) return;
    const note = notes.get(href.slice(1));
    if (note === undefined) return;
    node.tagName = 'bulletin-note-ref';
    node.properties = { label: note.label };
    node.children = [];
    if (!used.includes(note)) used.push(note);
  });
  return used;
}

/** Images left out (a type no browser shows) have no source. */
function dropEmptyImages(tree: Root): void {
  visit(tree, 'element', (node, index, parent) => {
    if (node.tagName === 'img' && !node.properties['src'] && parent && index !== undefined) {
      parent.children.splice(index, 1);
      return index;
    }
    return undefined;
  });
}

/**
 * A Caption paragraph right after a paragraph that holds only an image becomes the
 * image paragraph's next line: the content format's caption (README, "The content format").
 */
function joinCaptions(tree: Root): void {
  visit(tree, (node) => {
    if (!('children' in node)) return;
    const children = node.children as RootContent[];
    for (let index = children.length - 2; index >= 0; index--) {
      const image = children[index];
      const caption = children[index + 1];
      if (!isImageParagraph(image) || caption?.type !== 'element' || !hasClass(caption, 'draft-caption')) continue;
      // A marker, not a newline: whitespace in HTML collapses to a space (section-markdown.ts).
      image.children.push({ type: 'element', tagName: 'bulletin-line-break', properties: {}, children: [] }, ...caption.children);
      children.splice(index + 1, 1);
    }
  });
}

function isImageParagraph(node: RootContent | undefined): node is Element {
  if (node?.type !== 'element' || node.tagName !== 'p') return false;
  const content = node.children.filter((child) => !(child.type === 'text' && child.value.trim() === ''));
  return content.length === 1 && content[0]?.type === 'element' && content[0].tagName === 'img';
}
