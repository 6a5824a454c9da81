import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// One client per service, all on one SDK version line: mixed client versions pull in several copies of the
// SDK core (and its credential chain), so a bump must move every @aws-sdk/* dependency together.
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};

describe('AWS SDK version line', () => {
  const sdk = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(([name]) => name.startsWith('@aws-sdk/'));

  it('every @aws-sdk/* dependency is pinned to the same exact version', () => {
    expect(sdk.length).toBeGreaterThanOrEqual(11);
    for (const [name, range] of sdk) expect({ name, range }).toEqual({ name, range: expect.stringMatching(/^\d+\.\d+\.\d+$/) });
    expect(new Set(sdk.map(([, range]) => range)).size, JSON.stringify(Object.fromEntries(sdk))).toBe(1);
  });

  it('the lockfile installs exactly that version of each client', () => {
    for (const [name, range] of sdk) expect({ name, installed: lock.packages[`node_modules/${name}`]?.version }).toEqual({ name, installed: range });
  });
});
