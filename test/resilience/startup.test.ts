import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { liveEnv, localAwsEndpoint, ROOT, runCli, type LocalEndpoint } from './local-endpoint.js';

// Startup: an AWS SDK client module is loaded only by a live call to its service, so a snapshot replay loads
// none; `--version` answers without loading oclif, with oclif's own text. (Figures: docs/performance.md.)

const TRACER = join(ROOT, 'test/resilience/trace-modules.cjs');

async function packagesLoaded(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; packages: string[] }> {
  const file = join(mkdtempSync(join(tmpdir(), 'cis-audit-trace-')), 'modules.txt');
  const r = await runCli(args, { ...env, TRACE_MODULES_FILE: file }, 25_000, ['-r', TRACER]);
  return { code: r.code, packages: [...new Set(readFileSync(file, 'utf8').split('\n').filter(Boolean))].sort() };
}

let endpoint: LocalEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

describe('startup', { timeout: 30_000 }, () => {
  it('a snapshot replay loads no AWS SDK module (and no proxy or config loader, no waivers parser)', async () => {
    const r = await packagesLoaded(['scan', '--snapshot', join(ROOT, 'examples/demo-account.json'), '--format', 'json'], liveEnv());
    expect(r.code).toBe(1);
    // oclif comes bundled (dist/oclif.js and its chunks, scripts/build.js), not from node_modules.
    expect(r.packages).not.toContain('@oclif/core');
    expect(r.packages.filter((p) => /^@aws-sdk\/|^@smithy\/|^proxy-agent$/.test(p))).toEqual([]);
    // No waivers file: no YAML parser or schema validator either.
    expect(r.packages.filter((p) => ['yaml', 'ajv'].includes(p))).toEqual([]);
  });

  it('a table scan to a pipe loads no colour or line-wrapping library (plain text needs neither)', async () => {
    const r = await packagesLoaded(['scan', '--snapshot', join(ROOT, 'examples/demo-account.json')], liveEnv());
    expect(r.code).toBe(1);
    expect(r.packages.filter((p) => ['chalk', 'wrap-ansi', 'string-width', 'cli-table3'].includes(p))).toEqual([]);
  });

  it('a live scan loads exactly the clients of the services it calls (the tracer sees SDK loads)', async () => {
    endpoint = await localAwsEndpoint();
    const r = await packagesLoaded(['scan', '--endpoint-url', endpoint.url, '-c', '2.9', '--format', 'json'], liveEnv());
    expect(r.code).toBe(0);
    expect(r.packages.filter((p) => p.startsWith('@aws-sdk/client-'))).toEqual(['@aws-sdk/client-ec2', '@aws-sdk/client-sts']);
    expect(r.packages).toContain('proxy-agent');
  });

  it('--version prints what oclif prints, without loading oclif', async () => {
    const fast = await packagesLoaded(['--version'], liveEnv());
    expect(fast.packages).toEqual([]);
    const ours = spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), '--version'], { encoding: 'utf8' });
    const oclif = spawnSync(process.execPath, ['--input-type=module', '-e', `const { execute } = await import('@oclif/core'); await execute({ dir: ${JSON.stringify(join(ROOT, 'bin/run.js'))}, args: ['--version'] });`], { cwd: ROOT, encoding: 'utf8' });
    expect(oclif.stdout).toMatch(/^cis-audit\/\d+\.\d+\.\d+ \S+-\S+ node-v\d+/);
    expect(ours.stdout).toBe(oclif.stdout);
  });
});
