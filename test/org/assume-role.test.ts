import { describe, expect, it } from 'vitest';
import { AssumeRoleFailed, assumedRoleCredentials, REFRESH_BEFORE_MS, roleAccount } from '../../src/aws/assume-role.js';
import { clientConfig } from '../../src/aws/live-transport.js';
import { FakeAws } from '../fake-aws/fake-aws.js';

const ROLE = 'arn:aws:iam::111122223333:role/cis-audit';

/** An STS that hands out numbered sessions lasting `seconds` from the fake clock. */
function sts(clock: { now: number }, seconds = 900) {
  let n = 0;
  return new FakeAws().on('sts', 'AssumeRole', () => {
    n++;
    return { Credentials: { AccessKeyId: `ASIA${n}`, SecretAccessKey: `secret-${n}`, SessionToken: `token-${n}`, Expiration: new Date(clock.now + seconds * 1000) } };
  });
}

describe('assumed-role credentials', () => {
  it('assumes with the external id, session name and duration, and refreshes before the session expires', async () => {
    const clock = { now: Date.parse('2026-12-01T10:00:00Z') };
    const aws = sts(clock);
    const creds = assumedRoleCredentials(aws, 'us-east-1', { roleArn: ROLE, sessionName: 'audit-run', externalId: 'ext-123', durationSeconds: 900 }, () => clock.now);
    const [a, b] = await Promise.all([creds(), creds()]);
    expect(a.accessKeyId).toBe('ASIA1');
    expect(b).toBe(a); // concurrent callers share one AssumeRole
    expect(aws.log).toEqual([{ service: 'sts', region: 'us-east-1', operation: 'AssumeRole', input: { RoleArn: ROLE, RoleSessionName: 'audit-run', ExternalId: 'ext-123', DurationSeconds: 900 } }]);
    clock.now += 900_000 - REFRESH_BEFORE_MS - 1000; // still fresh
    expect((await creds()).accessKeyId).toBe('ASIA1');
    clock.now += 2000; // inside the refresh window
    expect((await creds()).accessKeyId).toBe('ASIA2');
    expect(aws.count('sts', 'AssumeRole')).toBe(2);
  });

  it('names the role, the code and AWS\'s message when the role cannot be assumed, and retries on the next ask', async () => {
    const clock = { now: Date.now() };
    const aws = sts(clock).fail({ service: 'sts', operation: 'AssumeRole', code: 'AccessDenied', message: 'User: arn:aws:iam::999988887777:user/ci is not authorized to perform: sts:AssumeRole', times: 1 });
    const creds = assumedRoleCredentials(aws, 'us-east-1', { roleArn: ROLE, sessionName: 'cis-audit' });
    const err = await creds().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AssumeRoleFailed);
    expect((err as AssumeRoleFailed).code).toBe('AccessDenied');
    expect((err as Error).message).toBe(`sts:AssumeRole on ${ROLE} AccessDenied: User: arn:aws:iam::999988887777:user/ci is not authorized to perform: sts:AssumeRole`);
    expect((await creds()).accessKeyId).toBe('ASIA1');
  });

  it('asks a fresh MFA code for every AssumeRole', async () => {
    const clock = { now: Date.now() };
    const aws = sts(clock, 60);
    const codes = ['123456', '654321'];
    const creds = assumedRoleCredentials(aws, 'us-east-1', { roleArn: ROLE, sessionName: 'cis-audit', mfaSerial: 'arn:aws:iam::999988887777:mfa/alice', tokenCode: async () => codes.shift()! }, () => clock.now);
    await creds();
    await creds(); // a 60-second session is always inside the refresh window
    expect(aws.log.map((c) => [c.input.SerialNumber, c.input.TokenCode])).toEqual([
      ['arn:aws:iam::999988887777:mfa/alice', '123456'], ['arn:aws:iam::999988887777:mfa/alice', '654321'],
    ]);
  });

  it('a wrong-shaped answer is an error naming the missing member, not credentials', async () => {
    const aws = new FakeAws().on('sts', 'AssumeRole', () => ({ Credentials: { AccessKeyId: 'ASIA1' } }));
    await expect(assumedRoleCredentials(aws, 'us-east-1', { roleArn: ROLE, sessionName: 'cis-audit' })()).rejects.toMatchObject({ code: 'UnexpectedResponse' });
  });

  it('the SDK clients are given the provider (not the profile) and the role ARN names its account', () => {
    const provider = async () => ({ accessKeyId: 'a', secretAccessKey: 'b', sessionToken: 'c', expiration: new Date() });
    const config = clientConfig('iam', 'us-east-1', { profile: 'ignored', credentials: provider });
    expect(config.credentials).toBe(provider);
    expect(config.profile).toBeUndefined();
    expect(roleAccount(ROLE)).toBe('111122223333');
    expect(roleAccount('arn:aws:iam::1111:role/x')).toBeUndefined();
  });
});
