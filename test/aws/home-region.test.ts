import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { partitionOf, resolveHomeRegion } from '../../src/aws/home-region.js';
import { UsageError } from '../../src/model/errors.js';

// The home region (STS, IAM, the region list): AWS_REGION / AWS_DEFAULT_REGION, else the selected profile's
// `region` in the shared config file, else us-east-1. Temp config files only (AWS_CONFIG_FILE and friends).

const CONFIG = `[default]
region = eu-west-2

[profile gov]
region = us-gov-west-1

[profile china]
region = cn-north-1

[profile noregion]
output = json
`;
const CREDENTIALS = `[keysonly]
aws_access_key_id = AKIAIOSFODNN7EXAMPLE
aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
`;

function files(config = CONFIG, credentials = CREDENTIALS): NodeJS.ProcessEnv {
  const dir = mkdtempSync(join(tmpdir(), 'cis-audit-profiles-'));
  writeFileSync(join(dir, 'config'), config);
  writeFileSync(join(dir, 'credentials'), credentials);
  return { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') };
}

describe('resolveHomeRegion', () => {
  it('takes the selected profile\'s region, and the partition follows from it', async () => {
    expect(await resolveHomeRegion('gov', files())).toEqual({ region: 'us-gov-west-1', partition: 'aws-us-gov', source: 'profile', profile: 'gov' });
    expect(await resolveHomeRegion('china', files())).toMatchObject({ region: 'cn-north-1', partition: 'aws-cn' });
  });

  it('selects the profile from AWS_PROFILE when --profile is not given; --profile wins over it', async () => {
    expect(await resolveHomeRegion(undefined, { ...files(), AWS_PROFILE: 'gov' })).toMatchObject({ region: 'us-gov-west-1', profile: 'gov' });
    expect(await resolveHomeRegion('china', { ...files(), AWS_PROFILE: 'gov' })).toMatchObject({ region: 'cn-north-1', profile: 'china' });
  });

  it('uses the default profile\'s region when no profile is selected', async () => {
    expect(await resolveHomeRegion(undefined, files())).toEqual({ region: 'eu-west-2', partition: 'aws', source: 'profile' });
  });

  it('AWS_REGION, then AWS_DEFAULT_REGION, override the profile', async () => {
    expect(await resolveHomeRegion('gov', { ...files(), AWS_REGION: 'us-gov-east-1', AWS_DEFAULT_REGION: 'eu-west-1' })).toMatchObject({ region: 'us-gov-east-1', source: 'environment' });
    expect(await resolveHomeRegion('gov', { ...files(), AWS_DEFAULT_REGION: 'eu-west-1' })).toMatchObject({ region: 'eu-west-1', source: 'environment' });
  });

  it('falls back to us-east-1: a profile without a region, a profile only in the credentials file, no files at all', async () => {
    expect(await resolveHomeRegion('noregion', files())).toMatchObject({ region: 'us-east-1', source: 'default' });
    expect(await resolveHomeRegion('keysonly', files())).toMatchObject({ region: 'us-east-1', source: 'default', profile: 'keysonly' });
    const none = { AWS_CONFIG_FILE: '/nonexistent/config', AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials' };
    expect(await resolveHomeRegion(undefined, none)).toEqual({ region: 'us-east-1', partition: 'aws', source: 'default' });
  });

  it('a profile in neither file is a usage error naming it (not "no usable credentials" later)', async () => {
    const err = await resolveHomeRegion('nosuch', files()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toBe('profile "nosuch" not found in the AWS config or credentials files');
    expect((err as UsageError).hint).toMatch(/aws configure/);
    await expect(resolveHomeRegion(undefined, { ...files(), AWS_PROFILE: 'nosuch' })).rejects.toThrow(/profile "nosuch" not found/);
  });

  it('reads the files fresh each time (no stale cache between runs in one process)', async () => {
    const env = files();
    expect((await resolveHomeRegion('gov', env)).region).toBe('us-gov-west-1');
    writeFileSync(env.AWS_CONFIG_FILE!, '[profile gov]\nregion = us-gov-east-1\n');
    expect((await resolveHomeRegion('gov', env)).region).toBe('us-gov-east-1');
  });

  it('partitionOf', () => {
    expect(['us-east-1', 'eu-west-1', 'us-gov-west-1', 'cn-northwest-1'].map(partitionOf)).toEqual(['aws', 'aws', 'aws-us-gov', 'aws-cn']);
  });
});
