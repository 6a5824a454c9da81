// Preloaded with `node -r`: writes to TRACE_MODULES_FILE every package the process loads, through require()
// (Module._load) or import (an ES module resolve hook, which runs on its own thread and appends to the file).
const Module = require('node:module');
const { appendFileSync, writeFileSync } = require('node:fs');
const out = process.env.TRACE_MODULES_FILE;
writeFileSync(out, '');

const packageOf = (file) => {
  const at = String(file).lastIndexOf('node_modules/');
  if (at < 0) return undefined;
  const [scope, name] = String(file).slice(at + 'node_modules/'.length).split('/');
  return scope.startsWith('@') ? `${scope}/${name}` : scope;
};

const originalLoad = Module._load;
Module._load = function (request, parent, isMain) {
  try {
    const name = packageOf(Module._resolveFilename(request, parent, isMain));
    if (name) appendFileSync(out, `${name}\n`);
  } catch {}
  return originalLoad.apply(this, arguments);
};

Module.register(
  'data:text/javascript,' + encodeURIComponent(`
    import { appendFileSync } from 'node:fs';
    const out = ${JSON.stringify(out)};
    export async function resolve(specifier, context, next) {
      const r = await next(specifier, context);
      const at = r.url.lastIndexOf('node_modules/');
      if (at >= 0) {
        const [scope, name] = r.url.slice(at + 'node_modules/'.length).split('/');
        appendFileSync(out, (scope.startsWith('@') ? scope + '/' + name : scope) + '\\n');
      }
      return r;
    }`),
);
