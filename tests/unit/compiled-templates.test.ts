import { cp, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplates } from '../../src/render/templates.js';
import { compiledTemplates } from '../../src/render/compiled-templates.js';
import { defaultTemplatesDir } from '../../src/paths.js';
import { tempDir } from '../helpers/temp.js';
import Handlebars from 'handlebars';

describe('templates compiled once for their source', () => {
  it('are taken as they were compiled, without compiling them again, and render the same', async () => {
    const cacheDir = await tempDir();
    const compiled = compiledTemplates(cacheDir, Handlebars.VERSION);
    let compiles = 0;
    const precompile = (source: string, options?: { noEscape?: boolean }) => async () => (compiles++, Handlebars.precompile(source, options) as unknown as string);
    const render = async (source: string, options?: { noEscape?: boolean }) => Handlebars.template((await compiled.specification(source, options, precompile(source, options))) as TemplateSpecification)({ name: '<b>' });
    expect(await render('Hello {{name}}')).toBe('Hello &lt;b&gt;');
    expect(await render('Hello {{name}}')).toBe('Hello &lt;b&gt;');
    expect(compiles).toBe(1);
    // Other options, another template: CSS is not escaped as HTML.
    expect(await render('Hello {{name}}', { noEscape: true })).toBe('Hello <b>');
    expect(compiles).toBe(2);
    // A kept file cut short is compiled anew.
    await Promise.all((await readdir(join(cacheDir, 'templates'))).map((name) => writeFile(join(cacheDir, 'templates', name), '{ "main": ')));
    expect(await render('Hello {{name}}')).toBe('Hello &lt;b&gt;');
    expect(compiles).toBe(3);
  });

  it('give the shipped templates as compiling them does, with a cache folder that cannot be made too', async () => {
    const writable = await tempDir();
    // A folder under a file: not even root can make it.
    const blocker = join(await tempDir(), 'a-file');
    await writeFile(blocker, '');
    const fresh = await loadTemplates(defaultTemplatesDir, writable);
    const again = await loadTemplates(defaultTemplatesDir, writable);
    const unkept = await loadTemplates(defaultTemplatesDir, join(blocker, 'cache'));
    const data = { fonts: [{ family: 'Bulletin "Serif"', weight: 400, style: 'normal' as const, unicodeRange: 'U+0000-00FF', path: '/x/a.woff2', fileName: 'a.woff2' }], fontBase: '/_fonts/' };
    expect(fresh.fontsCss(data)).toContain('/_fonts/a.woff2');
    expect(again.fontsCss(data)).toBe(fresh.fontsCss(data));
    expect(unkept.fontsCss(data)).toBe(fresh.fontsCss(data));
    expect((await readdir(join(writable, 'templates'))).length).toBeGreaterThan(10);
  });

  it('still name the file and line of a template that does not parse', async () => {
    const dir = join(await tempDir(), 'templates');
    await cp(defaultTemplatesDir, dir, { recursive: true });
    await writeFile(join(dir, 'web', 'issue.hbs'), '<p>\n{{#if title}}\n</p>\n');
    await expect(loadTemplates(dir, await tempDir())).rejects.toThrow(/web\/issue\.hbs:\d+ does not parse/);
  });
});
