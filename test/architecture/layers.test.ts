import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// Imports point down the layers (DEVELOPERS.md): a module may import its own layer or a lower one, never a higher one.
// Type-only imports count: they couple the modules just the same.
const LAYERS: readonly (readonly string[])[] = [
  ['commands', 'hooks'],
  ['cli'],
  ['engine', 'fix', 'report', 'publish', 'waivers', 'diff'],
  ['checks', 'collect', 'snapshot', 'benchmark'],
  ['aws', 'patterns'],
  ['model'],
];
const SRC = new URL('../../src', import.meta.url).pathname;

const rankOf = (file: string): number => {
  const top = relative(SRC, file).split('/')[0]!;
  const rank = LAYERS.findIndex((layer) => layer.includes(top));
  if (rank < 0) throw new Error(`src/${top} is in no layer: add it to LAYERS in ${relative(process.cwd(), new URL(import.meta.url).pathname)}`);
  return rank;
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Relative module specifiers of every import/export-from in the file (static and dynamic). */
export function importsOf(text: string): string[] {
  const found = [
    ...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+['"](\.[^'"]+)['"]/gm),
    ...text.matchAll(/^\s*import\s+['"](\.[^'"]+)['"]/gm),
    ...text.matchAll(/\bimport\(\s*['"](\.[^'"]+)['"]\s*\)/g),
  ];
  return found.map((m) => m[1]!);
}

describe('layering of src/', () => {
  it('the import scanner sees static, type-only, multi-line, re-export and dynamic imports', () => {
    const text = [
      "import { a } from '../cli/a.js';",
      "import type { B } from '../cli/b.js';",
      'import {\n  c,\n  d,\n} from "../cli/c.js";',
      "export { e } from '../cli/e.js';",
      "export type { F } from '../cli/f.js';",
      "const g = await import('../cli/g.js');",
      "import 'node:fs';",
    ].join('\n');
    expect(importsOf(text)).toEqual(['../cli/a.js', '../cli/b.js', '../cli/c.js', '../cli/e.js', '../cli/f.js', '../cli/g.js']);
  });

  it('every src/ module imports only its own layer or lower ones', () => {
    const files = sourceFiles(SRC);
    expect(files.length).toBeGreaterThan(50);
    const upward: string[] = [];
    for (const file of files) {
      for (const spec of importsOf(readFileSync(file, 'utf8'))) {
        const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
        if (rankOf(target) < rankOf(file)) upward.push(`${relative(SRC, file)} imports ${relative(SRC, target)}`);
      }
    }
    expect(upward).toEqual([]);
  });
});
