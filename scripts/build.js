// Builds dist/ with esbuild: our ~150 modules and @oclif/core's ~150 (with its dependencies) bundled into a few ES
// modules, so a scan resolves and reads a handful of files instead of one per module (startup time,
// docs/performance.md). Other packages stay in node_modules (external), loaded when used as before.
//
// @oclif/core is bundled once, in dist/oclif.js (what bin/run.js imports) and the chunks it shares with our
// commands, so the CLI's runner and its commands use one copy. oclif's own plugins (help, version, autocomplete)
// load their @oclif/core from node_modules when one of their commands runs; they share no state with ours but the
// Config object they are handed.
//
// Entry points, each kept at its path under dist/ (what oclif, bin/run.js and the module-tracing tests name):
// every command and hook (found under src/, so a new command file is registered without editing this), the
// modules bin/run.js imports, and every module src/ imports lazily (`import('./x.js')`), so what is loaded on
// demand (renderers, src/fix, the Security Hub publisher) stays a separate file loaded on demand. Code shared by
// entries goes to dist/chunks/, once (one module instance, as before bundling).
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** What bin/run.js imports from dist/ (its failure and shutdown paths); dist/oclif.js is built apart. */
function binImports() {
  const bin = readFileSync(join(ROOT, 'bin/run.js'), 'utf8');
  return [...bin.matchAll(/'\.\.\/dist\/([^']+)\.js'/g)].filter((m) => m[1] !== 'oclif').map((m) => join(SRC, `${m[1]}.ts`));
}

/** Bundles @oclif/core and what it imports; every other package our code imports stays external. */
const bundleOclifOnly = {
  name: 'bundle-oclif-only',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:') || args.kind === 'entry-point') return undefined;
      const fromPackage = args.importer.includes('/node_modules/');
      const oclif = args.path === '@oclif/core' || args.path.startsWith('@oclif/core/');
      // typescript/ts-node: oclif's development mode only (a 9 MB bundle otherwise).
      if (/^(typescript|ts-node)(\/|$)/.test(args.path)) return { path: args.path, external: true };
      return oclif || fromPackage ? undefined : { path: args.path, external: true };
    });
  },
};

/**
 * Startup patches to the bundled @oclif/core, each an exact text replacement that fails the build when the text is
 * not found (an upgrade changed it: check the patch still makes sense, then update or drop it).
 * - Plugin.load sorts a plugin's command ids with localeCompare, whose first call builds an ICU collator: ~5 ms of
 *   every start (docs/performance.md). Our ids are lowercase ASCII words and ':', whose code-unit order is the
 *   same as the locale's.
 * - Config.load asks wsl-utils whether this is WSL; importing it (an ES module with node:process and node:util
 *   facades) is ~4 ms. It is asked only where is-wsl could answer yes: on Linux, with "microsoft" in the kernel
 *   release or /proc/version, or a WSL interop path (is-wsl 3's tests, in its order). Elsewhere the answer is no.
 */
const MAY_BE_WSL = `(() => {
  if (process.platform !== 'linux') return false;
  if ((0, node_os_1.release)().toLowerCase().includes('microsoft')) return true;
  const fs = require('node:fs');
  try { if (fs.readFileSync('/proc/version', 'utf8').toLowerCase().includes('microsoft')) return true; } catch {}
  return fs.existsSync('/proc/sys/fs/binfmt_misc/WSLInterop') || fs.existsSync('/run/WSL');
})()`;
const OCLIF_PATCHES = {
  'lib/config/plugin.js': [['.sort((a, b) => a.id.localeCompare(b.id));', '.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));']],
  'lib/util/os.js': [["return (await import('wsl-utils')).isWsl ? 'wsl' : (0, node_os_1.platform)();", `return ${MAY_BE_WSL} && (await import('wsl-utils')).isWsl ? 'wsl' : (0, node_os_1.platform)();`]],
};

const patched = new Set();
const patchOclif = {
  name: 'patch-oclif',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]@oclif[\\/]core[\\/]lib[\\/]/ }, (args) => {
      const file = Object.keys(OCLIF_PATCHES).find((f) => args.path.replaceAll('\\', '/').endsWith(`/@oclif/core/${f}`));
      if (!file) return undefined;
      let contents = readFileSync(args.path, 'utf8');
      patched.add(file);
      for (const [from, to] of OCLIF_PATCHES[file]) {
        if (!contents.includes(from)) throw new Error(`scripts/build.js: @oclif/core/${file} no longer contains ${JSON.stringify(from)}; review OCLIF_PATCHES`);
        contents = contents.replace(from, to);
      }
      return { contents, loader: 'js' };
    });
  },
};

const REQUIRE_BANNER = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

const entryPoints = [...new Set([...tsFiles(join(SRC, 'commands')), ...tsFiles(join(SRC, 'hooks')), ...binImports(), ...lazyImports()])].sort();

rmSync(join(ROOT, 'dist'), { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: [...entryPoints.map((f) => relative(ROOT, f)), { in: 'scripts/oclif-entry.js', out: 'oclif' }],
  outdir: 'dist',
  outbase: 'src',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [bundleOclifOnly, patchOclif],
  // Bundled CommonJS (oclif and its dependencies) calls require(): give every output file one (dropped below
  // from the files that never call it).
  banner: { js: REQUIRE_BANNER },
  chunkNames: 'chunks/[name]-[hash]',
  // Stack traces under --debug map back to src/ with `node --enable-source-maps`.
  sourcemap: true,
  logLevel: 'warning',
});

const unpatched = Object.keys(OCLIF_PATCHES).filter((f) => !patched.has(f));
if (unpatched.length > 0) throw new Error(`scripts/build.js: @oclif/core no longer bundles ${unpatched.join(', ')}; review OCLIF_PATCHES`);

// A createRequire per module costs its import.meta and a Module object: ~0.7 ms over the ~30 files a scan loads.
// Blanked, not removed, so that the source maps' line numbers stay right.
for (const e of readdirSync(join(ROOT, 'dist'), { withFileTypes: true, recursive: true })) {
  if (!e.isFile() || !e.name.endsWith('.js')) continue;
  const file = join(e.parentPath, e.name);
  const text = readFileSync(file, 'utf8');
  if (text.startsWith(REQUIRE_BANNER) && !/\brequire\b/.test(text.slice(REQUIRE_BANNER.length))) writeFileSync(file, text.slice(REQUIRE_BANNER.length));
}
