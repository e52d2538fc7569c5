#!/usr/bin/env node
// The benchmark (`npm run bench`, not part of `npm test`): bulletin against the floor of
// its own print step and against the tools people use instead, on archives generated
// from the sample issue. Prints a table of medians and ratios, and writes it to
// bench/README.md with the date and the machine. See bench/README.md for the method.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(fileURLToPath(import.meta.url), '../..');
const cli = join(root, 'bin', 'bulletin.js');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const archiveSize = Number(process.env.BENCH_ARCHIVE ?? 120);
const work = join(tmpdir(), 'bulletin-bench');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

// ---- A synthetic archive, the same every time: the sample's paragraphs, shuffled and varied per month.
/** mulberry32: a small seeded generator, uniform in [0, 1). */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function generateArchive(dir, count) {
  const sample = join(root, 'content', '2021-05');
  const sections = readdirSync(sample).filter((name) => /^\d\d-.*\.md$/.test(name)).sort();
  cpSync(join(root, 'bulletin.config.yaml'), join(dir, 'bulletin.config.yaml'));
  const months = [];
  for (let index = 0; index < count; index++) {
    const year = 2021 - Math.floor((index + 4) / 12);
    const month = 12 - ((index + 7) % 12);
    const id = `${year}-${String(month).padStart(2, '0')}`;
    const issueDir = join(dir, 'content', id);
    mkdirSync(issueDir, { recursive: true });
    cpSync(join(sample, 'images'), join(issueDir, 'images'), { recursive: true });
    writeFileSync(join(issueDir, 'issue.md'), `---\ndate: ${id}\nsubtitle: Highlight of the foreign policy of Azerbaijan, issue ${id}\n---\n`);
    const next = random(index + 1);
    for (const name of sections) {
      const text = readFileSync(join(sample, name), 'utf8');
      const [, frontmatter = '', body = ''] = /^(---\n[\s\S]*?\n---\n)([\s\S]*)$/.exec(text) ?? [];
      const blocks = body.split(/\n\n+/);
      // Shuffle the paragraphs (keep headings, tables, figures and notes in place), and drop or repeat a few.
      const prose = blocks.map((block, at) => ({ block, at })).filter(({ block }) => /^[A-Z]/.test(block) && !block.startsWith('|'));
      for (let i = prose.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const a = prose[i].block;
        prose[i].block = prose[j].block;
        prose[j].block = a;
      }
      for (const { block, at } of prose) blocks[at] = next() < 0.08 ? `${block}\n\n${block}` : next() < 0.08 ? '' : block;
      writeFileSync(join(issueDir, name), `${frontmatter}${blocks.filter(Boolean).join('\n\n')}\n`);
    }
    months.push(id);
  }
  return months.sort();
}

// ---- Measuring: wall time of a command, and the peak memory (PSS) of its whole process tree.
function treeRss(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      // PSS shares pages among the processes that map them: summing RSS would count Chromium's shared memory once per process.
      const rollup = readFileSync(`/proc/${entry}/smaps_rollup`, 'utf8');
      const rss = Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      children.set(Number(entry), { parent, rss });
    } catch {}
  }
  let total = 0;
  const walk = (id) => {
    total += children.get(id)?.rss ?? 0;
    for (const [child, info] of children) if (info.parent === id) walk(child);
  };
  walk(pid);
  return total * 1024;
}
function measure(command, args, options = {}) {
  return new Promise((resolveRun, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { cwd: options.cwd ?? root, env: { ...process.env, ...options.env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let peak = 0;
    // Reading every process's smaps_rollup takes the processes' memory locks and costs CPU:
    // timed runs sample not at all, or rarely (options.sampleEvery, in ms).
    const sampler = options.sampleEvery ? setInterval(() => (peak = Math.max(peak, treeRss(child.pid))), options.sampleEvery) : undefined;
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      clearInterval(sampler);
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0 && !options.allowFailure) reject(new Error(`exit ${code}: ${stderr.trim().split('\n').slice(-2).join(' ').slice(0, 300)}`));
      else resolveRun({ seconds, peak, stderr });
    });
  });
}
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/**
 * The median time of `times` runs with no memory sampling, and the peak memory of one
 * more run sampled every 100 ms. `task(sampleEvery)` runs the case once.
 */
async function repeat(times, task, before) {
  const results = [];
  for (let run = 0; run < times; run++) {
    if (before) before();
    results.push(await task(0));
  }
  if (before) before();
  const sampled = await task(100);
  return { seconds: median(results.map((result) => result.seconds)), peak: sampled.peak };
}

// ---- The peers, when this machine has them.
const peers = {};
try {
  execFileSync('weasyprint', ['--version'], { stdio: 'ignore' });
  peers.weasyprint = (html, pdf, sampleEvery = 0) => measure('weasyprint', [html, pdf], { sampleEvery });
} catch {
  peers.weasyprintSkipped = 'not installed (Debian: apt-get install weasyprint)';
}
// The program bulletin prints with (its headless shell when installed), started as bulletin starts it: the floor and pagedjs get the same.
const { findBrowser, launchMode } = await import(pathToFileURL(join(root, 'lib', 'print', 'browser.js')).href);
const chromium = (await findBrowser({ env: process.env })).path;
const mode = chromium === undefined ? undefined : launchMode(chromium);
try {
  const prefix = join(work, 'pagedjs');
  mkdirSync(prefix, { recursive: true });
  // Into a temp folder, never a dependency of the project; it runs on the system's Chromium.
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--silent', '--prefix', prefix, 'pagedjs-cli@0.4.3'], { stdio: 'ignore', env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: '1' } });
  const bin = join(prefix, 'node_modules', '.bin', 'pagedjs-cli');
  if (!chromium) throw new Error('no Chromium');
  // bulletin's own flags (--no-sandbox is needed as root); its option splits on commas,
  // so the one flag with commas in it (--disable-features=…) cannot be passed.
  const browserArgs = mode.args.filter((flag) => !flag.includes(',')).join(',');
  peers.pagedjs = (html, pdf, sampleEvery = 0) => measure(bin, [html, '-o', pdf, '--browserArgs', browserArgs], { sampleEvery, env: { PUPPETEER_EXECUTABLE_PATH: chromium } });
  await peers.pagedjs(join(root, 'bench', 'smoke.html'), join(work, 'smoke.pdf')).catch((error) => {
    delete peers.pagedjs;
    peers.pagedjsSkipped = `does not run here (${error.message.slice(0, 300)})`;
  });
} catch (error) {
  peers.pagedjsSkipped = `could not be installed: ${String(error.message).split('\n')[0].slice(0, 120)}`;
}

// ---- The floor: the least bulletin's own method needs. Chromium started as bulletin
// starts it (spawned by its own code, with its switches and fontconfig, before Puppeteer
// is loaded, which then connects over the pipe), the print document loaded in the first
// tab, printed once with bulletin's options, the browser killed (its profile removed, as
// bulletin's is).
const { printFontConfig } = await import(pathToFileURL(join(root, 'lib', 'print', 'print-fontconfig.js')).href);
const fontConfig = await printFontConfig();
const floorScript = join(work, 'floor.mjs');
writeFileSync(
  floorScript,
  `import { writeFileSync } from 'node:fs';
import { killChromium, pipeTransport, spawnChromium } from ${JSON.stringify(pathToFileURL(join(root, 'lib', 'print', 'chromium-process.js')).href)};
const chromium = spawnChromium(${JSON.stringify(chromium)}, ${JSON.stringify(fontConfig)});
const { default: puppeteer } = await import(${JSON.stringify(pathToFileURL(join(root, 'node_modules', 'puppeteer-core', 'lib', 'esm', 'puppeteer', 'puppeteer-core.js')).href)});
const browser = await puppeteer.connect({ transport: pipeTransport(chromium) });
const [page] = await browser.pages();
await page.goto(process.argv[2], { waitUntil: 'load' });
await page.evaluate(() => document.fonts.ready);
writeFileSync(process.argv[3], await page.pdf({ preferCSSPageSize: true, printBackground: true, outline: true, tagged: true }));
await killChromium(chromium);
process.exit(0);
`,
);

const rows = [];
const row = (name, result, notes = '') => {
  rows.push({ name, seconds: result.seconds, peak: result.peak, notes, spread: result.spread, pages: result.pages });
  const spread = result.spread ? ` (${result.spread[0].toFixed(2)}–${result.spread[1].toFixed(2)})` : '';
  console.log(`${name.padEnd(56)} ${result.seconds.toFixed(2).padStart(7)} s${spread}  ${(result.peak / 2 ** 20).toFixed(0).padStart(6)} MB  ${result.pages ? `${result.pages} pages  ` : ''}${notes}`);
};
const pagesOf = (pdf) => Number(/^Pages:\s+(\d+)/m.exec(execFileSync('pdfinfo', [pdf]).toString())?.[1] ?? 0);

/**
 * Runs each contestant once to warm up (not counted), then `times` rounds in which each
 * runs once, in turn (A B C A B C …), so that the machine's drift falls on all alike.
 * Each gets its median with min–max, the page count of its PDF, and the peak memory of
 * one more run sampled every 100 ms.
 */
async function alternate(times, contestants) {
  const seconds = Object.fromEntries(Object.keys(contestants).map((name) => [name, []]));
  const stderr = {};
  for (const contestant of Object.values(contestants)) await contestant.run(0);
  for (let round = 0; round < times; round++) {
    for (const [name, contestant] of Object.entries(contestants)) {
      const result = await contestant.run(0);
      seconds[name].push(result.seconds);
      stderr[name] = result.stderr;
    }
  }
  const results = {};
  for (const [name, contestant] of Object.entries(contestants)) {
    const sampled = await contestant.run(100);
    const sorted = [...seconds[name]].sort((a, b) => a - b);
    results[name] = { seconds: median(sorted), spread: [sorted[0], sorted.at(-1)], peak: sampled.peak, pages: pagesOf(contestant.pdf), stderr: stderr[name] };
  }
  return results;
}

// ---- 1. One issue, cold: bulletin, and on the very document it prints, the floor and the peers.
const oneDir = join(work, 'one');
const [oneMonth] = generateArchive(oneDir, 1);
const oneIssue = join(oneDir, 'content', oneMonth);
const oneOut = join(oneDir, 'dist');
const { writePrintDocument } = await import(pathToFileURL(join(root, 'bench', 'print-document.js')).href);
// Rebuilt with --force over its last output, as an editor does: a new process, HTML and a
// PDF whose contents' numbers are verified against the printed text.
await measure(process.execPath, [cli, 'build', oneIssue, '--out', oneOut, '--quiet'], { cwd: oneDir });
// The floor and the peers get the document as that build printed it (and a --force build loads).
const oneDocument = await writePrintDocument(root, oneIssue, join(work, 'one-document'), { keptIn: oneOut });
if (!oneDocument.asPrinted) console.error('The build kept no printed document: the floor and the peers get the document as rendered, before the steps of the print.');
// `--keep-browser` (opt-in): the browser kept by its keeper between builds, in a runtime
// folder of the benchmark's own; its warm-up run starts the keeper. The keeper and its
// browser are not the build's processes: their memory is not in the build's peak.
// The same issue after a one-word edit, without --force, in a folder of its own: every run
// sees a real edit (one word more, then the text as it was, …), so what the last build
// kept for the same input (the model, the document as printed, the finished PDF) does not
// apply, where it does to a --force build over unchanged files.
const editedDir = join(work, 'one-edited');
const [editedMonth] = generateArchive(editedDir, 1);
const editedIssue = join(editedDir, 'content', editedMonth);
const editedSection = join(editedIssue, '01-diplomatic-calendar.md');
const editedOriginal = readFileSync(editedSection, 'utf8');
let editedRuns = 0;
const editOnce = () => writeFileSync(editedSection, editedRuns++ % 2 ? editedOriginal : editedOriginal.replace(/\bmonth\b/, 'month as a whole'));
await measure(process.execPath, [cli, 'build', editedIssue, '--out', join(editedDir, 'dist'), '--quiet'], { cwd: editedDir });
const keptOut = join(oneDir, 'dist-kept');
const keptRuntime = join(work, 'runtime');
mkdirSync(keptRuntime, { mode: 0o700 });
const oneContestants = {
  bulletin: { pdf: join(oneOut, oneMonth, `bulletin-${oneMonth}.pdf`), run: (sampleEvery) => measure(process.execPath, [cli, 'build', oneIssue, '--out', oneOut, '--force', '--quiet'], { cwd: oneDir, sampleEvery }) },
  edited: {
    pdf: join(editedDir, 'dist', editedMonth, `bulletin-${editedMonth}.pdf`),
    run: (sampleEvery) => {
      editOnce();
      return measure(process.execPath, [cli, 'build', editedIssue, '--out', join(editedDir, 'dist'), '--quiet'], { cwd: editedDir, sampleEvery });
    },
  },
  kept: { pdf: join(keptOut, oneMonth, `bulletin-${oneMonth}.pdf`), run: (sampleEvery) => measure(process.execPath, [cli, 'build', oneIssue, '--out', keptOut, '--force', '--keep-browser', '--quiet'], { cwd: oneDir, sampleEvery, env: { XDG_RUNTIME_DIR: keptRuntime } }) },
  floor: { pdf: join(work, 'floor.pdf'), run: (sampleEvery) => measure(process.execPath, [floorScript, pathToFileURL(oneDocument.chromium).href, join(work, 'floor.pdf')], { sampleEvery }) },
  ...(peers.weasyprint ? { weasyprint: { pdf: join(work, 'weasy.pdf'), run: (sampleEvery) => peers.weasyprint(oneDocument.weasyprint, join(work, 'weasy.pdf'), sampleEvery) } } : {}),
  ...(peers.pagedjs ? { pagedjs: { pdf: join(work, 'paged.pdf'), run: (sampleEvery) => peers.pagedjs(oneDocument.chromium, join(work, 'paged.pdf'), sampleEvery) } } : {}),
};
const one = await alternate(runs, oneContestants);
try {
  execFileSync('pkill', ['-f', keptRuntime]);
} catch {}
const cold = one.bulletin;
const kept = one.kept;
const floor = one.floor;
const weasyOne = one.weasyprint;
const pagedOne = one.pagedjs;
row('one issue, cold, over its last build (--force)', cold);
row('one issue, after a one-word edit (no --force)', one.edited, 'nothing kept for this input');
row('one issue, --keep-browser (opt-in), over its last build (--force)', kept, 'the kept browser not counted in memory');
row('floor: Chromium as bulletin starts it, first tab, print once, kill', floor, oneDocument.asPrinted ? 'the document as bulletin printed it' : 'the document as rendered');
if (weasyOne) row('WeasyPrint, the same print document', weasyOne, `${(weasyOne.stderr.match(/^WARNING/gm) ?? []).length} warnings (unsupported CSS)`);
if (pagedOne) row('pagedjs-cli, the same print document', pagedOne);
// Into an empty folder: no earlier contents' numbers to try, so usually two renders.
const emptyOut = join(oneDir, 'empty');
const coldEmpty = await repeat(runs, (sampleEvery) => measure(process.execPath, [cli, 'build', oneIssue, '--out', emptyOut, '--quiet'], { cwd: oneDir, sampleEvery }), () => rmSync(emptyOut, { recursive: true, force: true }));
row('one issue, cold, into an empty folder', coldEmpty);

// ---- 2. A year: 12 issues in one build; the peers print the 12 print documents one after another.
const yearDir = join(work, 'year');
const yearMonths = generateArchive(yearDir, 12);
const yearOut = join(yearDir, 'dist');
const year = await repeat(Math.min(runs, 3), (sampleEvery) => measure(process.execPath, [cli, 'build', '--out', yearOut, '--force', '--quiet'], { cwd: yearDir, sampleEvery }));
row('a year: 12 issues in one build', year);
const yearDocuments = [];
for (const month of yearMonths) yearDocuments.push(await writePrintDocument(root, join(yearDir, 'content', month), join(work, 'year-documents', month)));
let weasyYear;
if (peers.weasyprint) {
  let seconds = 0;
  for (const document of yearDocuments) seconds += (await peers.weasyprint(document.weasyprint, join(work, 'weasy.pdf'))).seconds;
  weasyYear = { seconds, peak: 0 };
  row('WeasyPrint, the 12 print documents one after another', weasyYear);
}
let pagedYear;
if (peers.pagedjs) {
  let seconds = 0;
  for (const document of yearDocuments) seconds += (await peers.pagedjs(document.chromium, join(work, 'paged.pdf'))).seconds;
  pagedYear = { seconds, peak: 0 };
  row('pagedjs-cli, the 12 print documents one after another', pagedYear);
}

// ---- 3. Scale: archives of growing size, one run each; then incremental builds on the largest.
const scale = [];
for (const size of [12, 36, archiveSize].filter((size, index, all) => all.indexOf(size) === index)) {
  const dir = join(work, `archive-${size}`);
  generateArchive(dir, size);
  // One run each, sampled once a second: rarely enough not to slow a run of minutes.
  // --verbose: the search index's own time is read from the step it prints.
  const result = await measure(process.execPath, [cli, 'build', '--out', join(dir, 'dist'), '--verbose'], { cwd: dir, sampleEvery: 1000 });
  const indexing = Number(/search index\s+(\d+) ms/.exec(result.stderr)?.[1] ?? Number.NaN) / 1000;
  scale.push({ size, indexing, ...result });
  row(`an archive of ${size} issues, cold`, result, `${(result.seconds / size).toFixed(2)} s per issue; search index ${indexing.toFixed(2)} s of it`);
}
const largest = join(work, `archive-${archiveSize}`);
const unchanged = await repeat(runs, (sampleEvery) => measure(process.execPath, [cli, 'build', '--out', join(largest, 'dist'), '--quiet'], { cwd: largest, sampleEvery }));
row(`${archiveSize} issues again, nothing changed`, unchanged);
const someIssue = readdirSync(join(largest, 'content')).sort()[0];
const someSection = join(largest, 'content', someIssue, '01-diplomatic-calendar.md');
// Every run sees a real edit: one word more, then the text as it was, and so on.
const original = readFileSync(someSection, 'utf8');
let edits = 0;
const oneChanged = await repeat(runs, (sampleEvery) => measure(process.execPath, [cli, 'build', '--out', join(largest, 'dist'), '--quiet'], { cwd: largest, sampleEvery }), () => {
  writeFileSync(someSection, edits++ % 2 ? original : original.replace(/\bmonth\b/, 'month as a whole'));
});
row(`${archiveSize} issues, one section changed`, oneChanged);

// ---- 4. Word import: a contributor's 30-page draft into an empty issue, then checked.
const { thirtyPageDraft } = await import(pathToFileURL(join(root, 'bench', 'word-draft.js')).href);
const importDir = join(work, 'import');
const importIssue = join(importDir, 'content', '2021-06');
const resetImport = () => {
  rmSync(importIssue, { recursive: true, force: true });
  mkdirSync(importIssue, { recursive: true });
  writeFileSync(join(importIssue, 'issue.md'), '---\ndate: 2021-06\nsubtitle: Highlight of the foreign policy of Azerbaijan in June 2021\n---\n');
};
cpSync(join(root, 'bulletin.config.yaml'), join(importDir, 'bulletin.config.yaml'));
const importCases = {};
for (const [name, heavy] of [['light', false], ['heavy', true]]) {
  const draft = join(importDir, `${name}.docx`);
  writeFileSync(draft, await thirtyPageDraft({ heavy }));
  const megabytes = (readFileSync(draft).length / 2 ** 20).toFixed(0);
  importCases[name] = await repeat(runs, (sampleEvery) => measure(process.execPath, [cli, 'import', draft, '--into', importIssue], { cwd: importDir, sampleEvery }), resetImport);
  const what = heavy ? `10 photographs as PNG, ${megabytes} MB` : `5 photographs (JPEG) and 5 charts (PNG), ${megabytes} MB`;
  row(`import a 30-page Word draft (${what})`, importCases[name]);
}

// ---- 5. The preview: a one-word edit saved, until the web edition and then the PDF show it.
/**
 * Starts `bulletin preview` on a one-issue project and, after its first build, saves
 * `times` edits (one word more, then the text as it was, …), each timed from the save
 * until the preview's status reports the rebuilt web edition, and the rebuilt PDF.
 */
async function measurePreview(dir, month, section, times) {
  const child = spawn(process.execPath, [cli, 'preview', `content/${month}`, '--port', '0'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  const exited = new Promise((resolve) => child.on('close', resolve));
  const until = async (what, found, limit = 120_000) => {
    const started = performance.now();
    for (;;) {
      const value = await found();
      if (value !== undefined) return value;
      if (performance.now() - started > limit) throw new Error(`preview: no ${what} within ${limit / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  try {
    const url = await until('address', async () => /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(stdout)?.[1]);
    const status = async () => (await fetch(`${url}status`)).json();
    await until('first build with its PDF', async () => ((await status())?.pdfVersion !== undefined ? true : undefined));
    const original = readFileSync(section, 'utf8');
    const web = [];
    const pdf = [];
    for (let edit = 0; edit < times; edit++) {
      // Settled: nothing pending from the last edit.
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const before = await status();
      const saved = performance.now();
      writeFileSync(section, edit % 2 ? original : original.replace(/\bmonth\b/, 'month as a whole'));
      await until('rebuilt web edition', async () => ((await status())?.webVersion > before.webVersion ? true : undefined));
      web.push((performance.now() - saved) / 1000);
      await until('rebuilt PDF', async () => ((await status())?.pdfVersion > before.pdfVersion ? true : undefined));
      pdf.push((performance.now() - saved) / 1000);
    }
    const result = (values) => {
      const sorted = [...values].sort((a, b) => a - b);
      return { seconds: median(sorted), spread: [sorted[0], sorted.at(-1)], peak: 0 };
    };
    return { web: result(web), pdf: result(pdf) };
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}
const previewDir = join(work, 'preview');
const [previewMonth] = generateArchive(previewDir, 1);
const previewCase = await measurePreview(previewDir, previewMonth, join(previewDir, 'content', previewMonth, '01-diplomatic-calendar.md'), runs);
row('preview: a one-word edit saved, until the web edition is rebuilt', previewCase.web);
row('preview: a one-word edit saved, until the PDF is rebuilt', previewCase.pdf);

// ---- The table.
const ratio = (a, b) => (b ? (a.seconds / b.seconds).toFixed(2) : 'n/a');
const cell = (r) => `${r.seconds.toFixed(2)} s${r.spread ? ` (${r.spread[0].toFixed(2)}–${r.spread[1].toFixed(2)})` : ''}`;
const lines = [
  `| case | median (min–max) | PDF pages | peak memory (process tree) |`,
  `|---|---:|---:|---:|`,
  ...rows.map((r) => `| ${r.name}${r.notes ? ` (${r.notes})` : ''} | ${cell(r)} | ${r.pages ?? '–'} | ${r.peak ? `${(r.peak / 2 ** 20).toFixed(0)} MB` : '–'} |`),
  '',
  '| ratio | measured | target |',
  '|---|---:|---:|',
  `| one issue ÷ floor (same document, alternated runs) | ${ratio(cold, floor)} (empty folder: ${ratio(coldEmpty, floor)}) | ≤ 1.15 |`,
  `| one issue after a one-word edit ÷ floor (not a target: shown for what the kept records do not cover) | ${ratio(one.edited, floor)} | – |`,
  `| one issue with --keep-browser (opt-in) ÷ floor | ${ratio(kept, floor)} | ≤ 1.15 |`,
  `| one issue ÷ WeasyPrint (same document) | ${ratio(cold, weasyOne)} (--keep-browser: ${ratio(kept, weasyOne)}) | ≤ 1.0 (the goal beyond; reported) |`,
  `| floor ÷ WeasyPrint | ${ratio(floor, weasyOne)} | – |`,
  `| year ÷ WeasyPrint × 12 | ${ratio(year, weasyYear)} | ≤ 0.3 |`,
  `| year ÷ pagedjs-cli × 12 | ${ratio(year, pagedYear)} | ≤ 0.2 |`,
  `| per issue, ${scale.at(-1)?.size} ÷ ${scale[0]?.size} issues | ${scale.length > 1 ? (scale.at(-1).seconds / scale.at(-1).size / (scale[0].seconds / scale[0].size)).toFixed(2) : 'n/a'} | ≈ 1 (linear) |`,
  `| peak memory, ${scale.at(-1)?.size} issues | ${scale.length ? `${(scale.at(-1).peak / 2 ** 20).toFixed(0)} MB` : 'n/a'} | < 1536 MB |`,
  `| nothing changed, ${archiveSize} issues | ${unchanged.seconds.toFixed(2)} s | < 0.3 s |`,
  `| search index added to the cold build, ${scale.at(-1)?.size} issues | ${scale.length ? `${scale.at(-1).indexing.toFixed(2)} s` : 'n/a'} | < 5 s |`,
  `| import a 30-page draft with 10 images | ${importCases.light.seconds.toFixed(2)} s (60 MB of PNG photographs: ${importCases.heavy.seconds.toFixed(2)} s) | < 2 s |`,
  `| preview after a one-word edit: web edition | ${previewCase.web.seconds.toFixed(2)} s | < 0.3 s |`,
  `| preview after a one-word edit: PDF | ${previewCase.pdf.seconds.toFixed(2)} s | < 0.6 s |`,
];
const skipped = Object.entries(peers).filter(([key]) => key.endsWith('Skipped')).map(([key, why]) => `- ${key.replace('Skipped', '')} skipped: ${why}`);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GB, Node ${process.version}, ${execFileSync(chromium ?? 'true', ['--version']).toString().trim()} (${chromium}${chromium !== undefined && mode?.headless === 'shell' ? ', its headless shell' : ''})`;
const report = [`Run ${new Date().toISOString().slice(0, 10)} on ${machine}; one issue: ${runs} alternated rounds after a warm-up, medians with min–max; other cases: medians of up to 3 runs (larger archives: one run).`, '', ...lines, '', ...skipped].join('\n');
console.log(`\n${report}`);
const readme = join(root, 'bench', 'README.md');
const text = readFileSync(readme, 'utf8');
writeFileSync(readme, text.replace(/<!-- results -->[\s\S]*<!-- \/results -->/, `<!-- results -->\n${report}\n<!-- /results -->`));
