import {
  GenerateCredentialReportCommand, GetAccountAuthorizationDetailsCommand, GetAccountPasswordPolicyCommand, GetCredentialReportCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { defineDatum } from '../../src/collect/datum.js';
import { credentialReport, passwordPolicy } from '../../src/collect/iam.js';
import { credentialReportCsv, userRow } from '../helpers/check-state.js';
import { iamError, makeCollector, makeReader, mockAws } from '../helpers/reader.js';

const aws = mockAws();

describe('Collector: one call per datum', () => {
  it('two checks asking for the password policy concurrently cause one GetAccountPasswordPolicy call', async () => {
    aws.iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 14 } });
    const collector = makeCollector();
    const [a, b] = await Promise.all([collector.get(passwordPolicy), collector.get(passwordPolicy)]);
    const c = await collector.get(passwordPolicy);
    expect(aws.iam.commandCalls(GetAccountPasswordPolicyCommand)).toHaveLength(1);
    expect(a).toEqual({ ok: true, value: { MinimumPasswordLength: 14 } });
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(collector.reader.calls.get('iam:GetAccountPasswordPolicy')).toBe(1);
  });

  it('a failed read is memoized too: one denied call, the same failed Got for every asker', async () => {
    aws.iam.on(GetAccountPasswordPolicyCommand).rejects(iamError('AccessDenied'));
    const collector = makeCollector();
    const [a, b] = await Promise.all([collector.get(passwordPolicy), collector.get(passwordPolicy)]);
    expect(aws.iam.commandCalls(GetAccountPasswordPolicyCommand)).toHaveLength(1);
    expect(a.ok).toBe(false);
    expect(b).toEqual(a);
  });

  it('settled() hands over every loaded datum by key', async () => {
    aws.iam.on(GetAccountPasswordPolicyCommand).rejects(iamError('AccessDenied'));
    aws.iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    aws.iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(credentialReportCsv([userRow('alice')])) });
    const collector = makeCollector();
    await Promise.all([collector.get(passwordPolicy), collector.get(credentialReport)]);
    const settled = await collector.settled();
    expect([...settled.keys()].sort()).toEqual([credentialReport.key, passwordPolicy.key].sort());
    expect(settled.get(passwordPolicy.key)?.ok).toBe(false);
    expect(settled.get(credentialReport.key)?.ok).toBe(true);
    expect(aws.iam.commandCalls(GetAccountAuthorizationDetailsCommand)).toHaveLength(0);
  });

  it('a loader bug becomes a failed Got (UnexpectedResponse) and is reported, not thrown', async () => {
    const buggy = defineDatum<number>({
      key: 'test.buggy', description: 'throws', reads: [],
      async load() {
        throw new TypeError('boom');
      },
    });
    const collector = makeCollector({ reader: makeReader() });
    const got = await collector.get(buggy);
    expect(got).toEqual({
      ok: false,
      error: { service: 'cis-audit', operation: 'collect test.buggy', region: 'us-east-1', code: 'UnexpectedResponse', message: 'boom' },
    });
    expect(collector.unexpectedErrors).toHaveLength(1);
  });

  it('a datum reading another through ctx.get shares the memoized load', async () => {
    aws.iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: { MinimumPasswordLength: 8 } });
    const derived = defineDatum<boolean>({
      key: 'test.derived', description: 'depends on the password policy', reads: [], dependsOn: [passwordPolicy],
      async load(ctx) {
        const p = await ctx.get(passwordPolicy);
        return p.ok && (p.value?.MinimumPasswordLength ?? 0) >= 14;
      },
    });
    const collector = makeCollector();
    await Promise.all([collector.get(derived), collector.get(passwordPolicy)]);
    expect(await collector.get(derived)).toEqual({ ok: true, value: false });
    expect(aws.iam.commandCalls(GetAccountPasswordPolicyCommand)).toHaveLength(1);
  });
});
