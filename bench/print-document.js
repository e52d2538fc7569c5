// The document bulletin prints, as a folder any tool can print: its HTML (the masthead,
// contents and sections, bulletin's print style sheet and @page rules with the running
// header), the shipped fonts it names and the issue's images. The benchmark gives this
// same document to the floor and to every peer, so that all print like with like.
import { copyFileSync, cpSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const lib = (root, path) => import(pathToFileURL(join(root, 'lib', path)).href);

/**
 * Writes `<folder>/print.html` (as Chromium prints it; the contents' numbers are
 * placeholders as wide as the real ones) and `<folder>/print-weasyprint.html` (the same,
 * with the contents' numbers by CSS `target-counter()`, which WeasyPrint resolves as it
 * lays out and Chromium cannot). Returns their paths.
 */
export async function writePrintDocument(root, issueDir, folder, { keptIn } = {}) {
  const [{ createIssueLoader }, { loadTemplates }, { loadFontFaces }, { renderPrintDocument }] = await Promise.all([
    lib(root, 'issue/issue-loader.js'),
    lib(root, 'render/templates.js'),
    lib(root, 'fonts.js'),
    lib(root, 'print/print-document.js'),
  ]);
  const { issue, files } = await createIssueLoader({})(issueDir);
  if (issue === undefined) throw new Error(`${issueDir} does not check out: ${files.flatMap((file) => file.messages.map(String)).join('; ')}`);
  const [templates, fonts] = await Promise.all([loadTemplates(), loadFontFaces()]);
  const rendered = renderPrintDocument(issue, templates, { fonts, fontBase: 'fonts/', toc: issue.toc }).html;
  const kept = keptIn === undefined ? undefined : await keptDocument(root, issueDir, keptIn);
  const html = kept ?? rendered;
  mkdirSync(join(folder, 'fonts'), { recursive: true });
  for (const font of fonts) copyFileSync(font.path, join(folder, 'fonts', font.fileName));
  if (existsSync(join(issueDir, 'images'))) cpSync(join(issueDir, 'images'), join(folder, 'images'), { recursive: true });
  const chromium = join(folder, 'print.html');
  writeFileSync(chromium, html);
  // The entry's link names the section's id: its printed page, as WeasyPrint numbers it.
  const contentsByCss = '<style>.toc-page { visibility: hidden; } .toc-entry a::after { content: target-counter(attr(href), page); position: absolute; right: 0; bottom: 0; font-family: var(--sans); }</style>';
  const weasyprint = join(folder, 'print-weasyprint.html');
  writeFileSync(weasyprint, html.replace('</head>', `${contentsByCss}</head>`));
  return { chromium, weasyprint, asPrinted: kept !== undefined };
}

/**
 * The document exactly as bulletin's last build into `outDir` printed it: the one it
 * keeps beside the issue's model (src/print/kept-document.ts), with the steps before the
 * print done (roles, language tags, letter-spaced text in twin fonts, the contents'
 * numbers), which a --force build loads as it is. Its fonts are served at /_fonts/ in
 * the print; here they are the folder's. Undefined when that build kept none.
 */
async function keptDocument(root, issueDir, outDir) {
  const [{ sharedBuildKey, toolFingerprint }, { modelStore }] = await Promise.all([lib(root, 'site/up-to-date.js'), lib(root, 'site/model-store.js')]);
  // The command line's code (lib/bundle/) is the tool whose records these are.
  const toolKey = sharedBuildKey(await toolFingerprint(join(root, 'lib', 'bundle')));
  const print = await modelStore(outDir, undefined, toolKey).earlierPrint(issueDir).read();
  return print.document?.html.replaceAll('url("/_fonts/', 'url("fonts/');
}
