// Preloaded with `node -r`: writes to TRACE_DIST_FILE every module of ours (under dist/) the process imports,
// as a path relative to dist/ (an ES module resolve hook; it runs on its own thread and appends to the file).
const Module = require('node:module');
const { writeFileSync } = require('node:fs');
const out = process.env.TRACE_DIST_FILE;
writeFileSync(out, '');

Module.register(
  'data:text/javascript,' + encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    const out = ${JSON.stringify(out)};
    export async function resolve(specifier, context, next) {
      const r = await next(specifier, context);
      const at = r.url.lastIndexOf('/dist/');
      if (r.url.startsWith('file:') && at >= 0 && !r.url.includes('/node_modules/')) appendFileSync(out, r.url.slice(at + '/dist/'.length) + '\\n');
      return r;
    }`),
);
