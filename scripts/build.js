// Builds dist/ with esbuild: our ~150 modules bundled into a few ES modules, so a scan resolves and reads a
// handful of files instead of one per source module (startup time, docs/performance.md). Packages stay in
// node_modules (external): oclif loads its plugins from there, and one copy of @oclif/core must serve both.
//
// Entry points, each kept at its path under dist/ (what oclif, bin/run.js and the module-tracing tests name):
// every command and hook (found under src/, so a new command file is registered without editing this), the
// modules bin/run.js imports, and every module src/ imports lazily (`import('./x.js')`), so what is loaded on
// demand (renderers, src/fix, the Security Hub publisher) stays a separate file loaded on demand. Code shared by
// entries goes to dist/chunks/, once (one module instance, as before bundling).
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'src');

const tsFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.d.ts'))
    .map((e) => join(e.parentPath, e.name));

/** Relative targets of `import('./…')` in src/, as .ts source paths. */
function lazyImports() {
  const found = new Set();
  for (const file of tsFiles(SRC)) {
    for (const m of readFileSync(file, 'utf8').matchAll(/\bimport\(\s*'(\.\.?\/[^']+)\.js'\s*\)/g)) found.add(resolve(dirname(file), `${m[1]}.ts`));
  }
  return [...found];
}

/** What bin/run.js imports from dist/ (its failure and shutdown paths). */
function binImports() {
  const bin = readFileSync(join(ROOT, 'bin/run.js'), 'utf8');
  return [...bin.matchAll(/'\.\.\/dist\/([^']+)\.js'/g)].map((m) => join(SRC, `${m[1]}.ts`));
}

const entryPoints = [...new Set([...tsFiles(join(SRC, 'commands')), ...tsFiles(join(SRC, 'hooks')), ...binImports(), ...lazyImports()])].sort();

rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: entryPoints.map((f) => relative(ROOT, f)),
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunks/[name]-[hash]',
  // Stack traces under --debug map back to src/ with `node --enable-source-maps`.
  sourcemap: true,
  logLevel: 'warning',
});
