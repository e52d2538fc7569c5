/**
 * The layers of src/, bottom to top, in the order data flows (README, "How the code is
 * laid out"). A module imports from its own layer and the ones below, never above.
 * Type-only imports count: a type is a dependency too.
 */
const layers = [
  { name: 'shared', path: '^src/(errors|paths|progress|media-types|fonts)\\.ts$|^src/(diagnostics|output|typography)/' },
  { name: 'model', path: '^src/model/' },
  { name: 'content', path: '^src/content/' },
  { name: 'markdown', path: '^src/markdown/' },
  { name: 'issue', path: '^src/(issue|authoring)/' },
  { name: 'render', path: '^src/render/' },
  { name: 'editions', path: '^src/(print|web)/' },
  { name: 'site', path: '^src/site/' },
  { name: 'commands', path: '^src/(cli|preview)/' },
];

const upward = layers.slice(0, -1).map((layer, index) => ({
  name: `${layer.name}-imports-upward`,
  comment: `${layer.name} sits below ${layers.slice(index + 1).map((above) => above.name).join(', ')}: it may not import from them.`,
  severity: 'error',
  from: { path: layer.path },
  to: { path: layers.slice(index + 1).map((above) => `(${above.path})`).join('|') },
}));

module.exports = {
  forbidden: [
    ...upward,
    { name: 'print-and-web-apart', comment: 'The two editions share render/, never each other.', severity: 'error', from: { path: '^src/print/' }, to: { path: '^src/web/' } },
    { name: 'web-and-print-apart', comment: 'The two editions share render/, never each other.', severity: 'error', from: { path: '^src/web/' }, to: { path: '^src/print/' } },
    { name: 'preview-not-cli', comment: 'The preview is a command of its own; the CLI starts it, not the other way round.', severity: 'error', from: { path: '^src/preview/' }, to: { path: '^src/cli/' } },
    { name: 'no-circular', comment: 'Modules that import each other cannot be read or tested apart.', severity: 'error', from: {}, to: { circular: true } },
    { name: 'not-to-unresolvable', comment: 'An import that resolves to nothing (the type-only packages of unist excepted).', severity: 'error', from: {}, to: { couldNotResolve: true, pathNot: '^(hast|mdast|unist)$' } },
  ],
  options: {
    // TypeScript 7 has no JavaScript API: the sources are read with swc.
    parser: 'swc',
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    // Packages' export maps too (puppeteer-core/internal/…, which kept-browser.ts imports).
    enhancedResolveOptions: { extensions: ['.ts', '.js'], exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
