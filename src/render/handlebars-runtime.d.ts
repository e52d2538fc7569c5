// Handlebars' runtime alone (no compiler), for templates it takes precompiled
// (compiled-templates.ts). The package's own runtime.d.ts declares nothing.
declare module 'handlebars/dist/cjs/handlebars.runtime.js' {
  import type Handlebars from 'handlebars';
  const runtime: typeof Handlebars;
  export default runtime;
}
