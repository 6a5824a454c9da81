import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { liveEnv, localAwsEndpoint, runCli, type LocalEndpoint } from './local-endpoint.js';

// `--profile gov` whose config says `region = us-gov-west-1`: STS, IAM and the region list are signed for that
// region (seen in each request's SigV4 scope at a local endpoint), not for us-east-1. A missing profile is named.

function profileFiles(): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'cis-audit-profile-cli-'));
  writeFileSync(join(dir, 'config'), '[profile gov]\nregion = us-gov-west-1\n');
  writeFileSync(join(dir, 'credentials'), '[gov]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n');
  return {
    AWS_CONFIG_FILE: join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_REGION: undefined,
    AWS_ACCESS_KEY_ID: undefined,
    AWS_SECRET_ACCESS_KEY: undefined,
  };
}

let endpoint: LocalEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

describe('--profile and the home region', { timeout: 30_000 }, () => {
  it('signs STS, IAM and DescribeRegions for the profile\'s region', async () => {
    endpoint = await localAwsEndpoint();
    const r = await runCli(['scan', '--profile', 'gov', '--endpoint-url', endpoint.url, '-c', '1.9', '-c', '2.9', '--format', 'json', '--call-timeout', '5'], liveEnv(profileFiles()), 25_000);
    const scopes = endpoint.seen.map((s) => `${s.service} ${s.region} ${s.action}`);
    expect(scopes, r.stderr).toEqual(expect.arrayContaining(['sts us-gov-west-1 GetCallerIdentity', 'ec2 us-gov-west-1 DescribeRegions']));
    expect(scopes.some((s) => s.startsWith('iam us-gov-west-1 ')), scopes.join('\n')).toBe(true);
    // us-east-1 and eu-west-1 are only what the fake's DescribeRegions lists: only EC2 may be asked there.
    expect(endpoint.seen.filter((s) => s.service !== 'ec2' && s.region !== 'us-gov-west-1')).toEqual([]);
  });

  it('a profile in neither file: one line naming it and a hint, exit 2, no AWS call', async () => {
    endpoint = await localAwsEndpoint();
    const r = await runCli(['scan', '--profile', 'nosuch', '--endpoint-url', endpoint.url, '--format', 'json'], liveEnv(profileFiles()), 25_000);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Error: profile "nosuch" not found in the AWS config or credentials files\nHint: [^\n]+\n$/);
    expect(r.stdout).toBe('');
    expect(endpoint.seen).toEqual([]);
  });
});
