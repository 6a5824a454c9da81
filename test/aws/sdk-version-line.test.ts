import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// One client per service, all on one SDK version line. The SDK publishes a client only when that service changes,
// so the clients' own versions differ (client-macie2 3.1048, client-sts 3.1177, …); what must be one is the core
// they run on: mixed lines pull in several copies of the SDK core and its credential chain.
const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies?: Record<string, string>;
};
const lock = JSON.parse(readFileSync(new URL('../../package-lock.json', import.meta.url), 'utf8')) as {
  packages: Record<string, { version?: string }>;
};
const SHARED = ['@aws-sdk/core', '@aws-sdk/credential-provider-node', '@smithy/core', '@smithy/node-http-handler'];

describe('AWS SDK version line', () => {
  const sdk = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies }).filter(([name]) => name.startsWith('@aws-sdk/client-'));

  it('every @aws-sdk client is a v3 caret range at its newest release line', () => {
    expect(sdk.length).toBeGreaterThanOrEqual(12);
    for (const [name, range] of sdk) expect({ name, range }).toEqual({ name, range: expect.stringMatching(/^\^3\.\d+\.\d+$/) });
  });

  it.each(SHARED)('the lockfile has exactly one %s, which every client shares', (name) => {
    const versions = Object.entries(lock.packages).filter(([path]) => path.endsWith(`node_modules/${name}`)).map(([, p]) => p.version);
    expect(versions.length).toBeGreaterThan(0);
    expect(new Set(versions).size, `${name}: ${versions.join(', ')}`).toBe(1);
  });
});
