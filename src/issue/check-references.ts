import { open, readFile, realpath, stat } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { VFile } from 'vfile';
import { isInside } from '../paths.js';
import { attachmentProblem, svgProblems } from '../content/file-types.js';
import { sniffImageType } from '../content/image-type.js';
import { reportProblem } from '../diagnostics/messages.js';

export interface LocalFiles {
  /** Images the issue shows, relative to the issue folder. */
  images: string[];
  /** Other files its links point at, relative to the issue folder. */
  attachments: string[];
}

const external = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;

/**
 * Checks what the files of an issue point at, once every file is parsed: links to
 * `#ids` must name an id somewhere in the issue (all sections share one page);
 * images and linked files must be files inside the issue folder, and images must
 * be images. Returns the local files to publish with the issue.
 */
export async function checkReferences(files: readonly VFile[], issueDir: string): Promise<LocalFiles> {
  const ids = new Set(files.flatMap((file) => (file.data.ids ?? []).map((defined) => defined.id)));
  const images = new Set<string>();
  const attachments = new Set<string>();

  for (const file of files) {
    for (const image of file.data.remoteImages ?? []) {
      reportProblem(file, `Image "${image.url.slice(0, 80)}" is on the web: the web edition shows it, but the PDF loads nothing from the network and leaves it out; put a copy in the issue's images/ folder`, {
        place: image.position,
        ruleId: 'image-remote',
        severity: 'warning',
      });
    }
    for (const image of file.data.images ?? []) {
      const path = await localFile(file, image.url, image.position, issueDir, 'Image');
      if (path === undefined) continue;
      const type = sniffImageType(await firstBytes(resolve(issueDir, path)));
      if (type === undefined) {
        reportProblem(file, `Image "${image.url}" is not a PNG, JPEG, GIF, WebP, AVIF or SVG file`, { place: image.position, ruleId: 'image-invalid' });
      } else if (type === 'svg' && !(await safeSvg(file, resolve(issueDir, path), image))) continue;
      else if (type !== 'svg' && !(await decodable(file, resolve(issueDir, path), image))) continue;
      else images.add(path);
    }
    for (const link of file.data.links ?? []) {
      if (link.url.startsWith('#')) {
        const id = safeDecode(link.url.slice(1));
        if (!ids.has(id)) {
          reportProblem(file, `Link to "#${id}", but no heading or section of the issue has that id`, { place: link.position, ruleId: 'link-anchor' });
        }
      } else if (!external.test(link.url) && link.url !== '') {
        const path = await localFile(file, link.url, link.position, issueDir, 'Linked file');
        if (path === undefined) continue;
        const problem = attachmentProblem(path, await firstBytes(resolve(issueDir, path)));
        // An SVG linked as a file is opened on its own, as an image is.
        if (problem !== undefined) reportProblem(file, problem, { place: link.position, ruleId: 'link-file-type' });
        else if (!path.toLowerCase().endsWith('.svg') || (await safeSvg(file, resolve(issueDir, path), link))) attachments.add(path);
      }
    }
  }
  return { images: [...images].sort(), attachments: [...attachments].sort() };
}

/** The path inside the issue folder that a relative URL names, or undefined (with a message) if there is none. */
async function localFile(file: VFile, url: string, place: VFile['messages'][number]['place'], issueDir: string, what: string): Promise<string | undefined> {
  const path = safeDecode(url.split(/[?#]/)[0] ?? '');
  const target = resolve(dirname(file.path), path);
  const rule = what === 'Image' ? 'image' : 'link';
  const outside = () => {
    reportProblem(file, `${what} "${url}" is outside the issue folder; keep such files in the issue's folder`, { place, ruleId: `${rule}-outside` });
    return undefined;
  };
  if (isAbsolute(path) || !isInside(issueDir, target)) return outside();
  if (!(await stat(target).catch(() => undefined))?.isFile()) {
    reportProblem(file, `${what} not found: ${url}`, { place, ruleId: `${rule}-missing` });
    return undefined;
  }
  // A symbolic link inside the folder may lead out of it: what counts is where it leads.
  if (!isInside(await realpath(issueDir), await realpath(target))) return outside();
  return relative(issueDir, target).split(sep).join('/');
}


/**
 * Whether an SVG file is safe to publish: opened on its own from the site, a script in
 * it would run on the site's address. What is not is reported at the reference.
 */
async function safeSvg(file: VFile, path: string, reference: { url: string; position: VFile['messages'][number]['place'] }): Promise<boolean> {
  const problems = svgProblems(await readFile(path, 'utf8'));
  if (problems.length === 0) return true;
  reportProblem(file, `SVG "${reference.url}" has ${problems.join(', ')}: scripts, handlers, embedded pages and references to other files are not allowed in an image, since opened on its own it would run on the site's address`, {
    place: reference.position,
    ruleId: 'svg-unsafe',
  });
  return false;
}

/** Whether a raster image's header can be read (a truncated or damaged file cannot); what cannot is reported at the reference. */
async function decodable(file: VFile, path: string, reference: { url: string; position: VFile['messages'][number]['place'] }): Promise<boolean> {
  // Loaded on demand: a native module that an issue without raster images needs not load.
  const { default: sharp } = await import('sharp');
  const problem = await sharp(path, { limitInputPixels: false })
    .metadata()
    .then((metadata) => (metadata.width === undefined || metadata.height === undefined ? 'it has no size' : undefined))
    .catch((error: Error) => error.message.split('\n')[0]);
  if (problem === undefined) return true;
  reportProblem(file, `Image "${reference.url}" cannot be read: ${problem}`, { place: reference.position, ruleId: 'image-invalid' });
  return false;
}

async function firstBytes(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buffer = new Uint8Array(512);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
