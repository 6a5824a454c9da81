import { DescribeRegionsCommand } from '@aws-sdk/client-ec2';
import {
  GenerateCredentialReportCommand, GetAccountAuthorizationDetailsCommand, GetAccountPasswordPolicyCommand, GetAccountSummaryCommand,
  GetCredentialReportCommand, ListEntitiesForPolicyCommand, ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { LiveTransport } from '../../src/aws/live-transport.js';
import { CIS_AWS_1_2_0 } from '../../src/benchmark/cis-aws-1.2.0.js';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/check.js';
import { UsageError } from '../../src/model/errors.js';
import { runScan, type ScanResult } from '../../src/engine/scan.js';
import {
  activeKey, credentialReportCsv, daysAgo, NOW, rootRow, serviceUserRow, userRow,
} from '../helpers/check-state.js';
import { ACCOUNT, CALLER_ARN, iamError, mockAws, namedError } from '../helpers/reader.js';

const aws = mockAws();
const IAM_CONTROLS = CIS_AWS_1_2_0.controls.filter((c) => c.section === '1');
const arn = (kind: string, name: string, partition = 'aws') => `arn:${partition}:iam::${ACCOUNT}:${kind}/${name}`;
const encoded = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

/** An account that gets some things right and some wrong. */
function scenario(partition = 'aws') {
  const root = `arn:${partition}:iam::${ACCOUNT}:root`;
  aws.sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:${partition}:iam::${ACCOUNT}:user/auditor`, UserId: 'AIDA' });
  aws.iam.on(GenerateCredentialReportCommand).resolvesOnce({ State: 'STARTED' }).resolves({ State: 'COMPLETE' });
  const csv = credentialReportCsv([
    userRow('alice'),                                                  // MFA, password used 5 days ago
    userRow('bob', { mfa_active: 'false', password_last_used: daysAgo(100) }), // 1.2 FAIL, 1.3 FAIL
    serviceUserRow('ci', activeKey(1, 200, 1)),                        // 1.4 FAIL (used yesterday, so 1.3 passes)
  ], { root: rootRow({ arn: root, password_last_used: daysAgo(200) }) });
  aws.iam.on(GetCredentialReportCommand).resolves({ Content: new TextEncoder().encode(csv), GeneratedTime: NOW });
  aws.iam.on(GetAccountPasswordPolicyCommand).resolves({
    PasswordPolicy: {
      MinimumPasswordLength: 8, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true,
      RequireLowercaseCharacters: true, AllowUsersToChangePassword: true, ExpirePasswords: true, MaxPasswordAge: 90,
      PasswordReusePrevention: 24, HardExpiry: false,
    },
  });
  aws.iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountAccessKeysPresent: 0, AccountMFAEnabled: 1, Users: 3 } });
  aws.iam.on(ListVirtualMFADevicesCommand).resolves({
    VirtualMFADevices: [{ SerialNumber: arn('mfa', 'my-phone', partition), User: { Arn: root, UserName: '', UserId: ACCOUNT, Path: '/', CreateDate: new Date() } }],
    IsTruncated: false,
  });
  aws.iam.on(GetAccountAuthorizationDetailsCommand).callsFake((input: { Filter?: string[] }) => {
    switch (input.Filter?.join()) {
      case 'User':
        return { UserDetailList: ['alice', 'bob', 'ci'].map((n) => ({ UserName: n, Arn: arn('user', n, partition), GroupList: ['g'] })), IsTruncated: false };
      case 'LocalManagedPolicy':
        return {
          Policies: [{
            PolicyName: 'admin', Arn: arn('policy', 'admin', partition), AttachmentCount: 1, DefaultVersionId: 'v1',
            PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: encoded({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }) }],
          }],
          IsTruncated: false,
        };
      default:
        throw new Error(`unexpected Filter ${JSON.stringify(input.Filter)}`);
    }
  });
  // Only the partition's own AWSSupportAccess ARN names the policy; any other is NoSuchEntity.
  aws.iam.on(ListEntitiesForPolicyCommand).callsFake((input: { PolicyArn?: string; EntityFilter?: string }) => {
    if (input.PolicyArn !== `arn:${partition}:iam::aws:policy/AWSSupportAccess` || input.EntityFilter !== 'Role') throw iamError('NoSuchEntity', `Policy ${input.PolicyArn} does not exist or is not attachable.`);
    return { PolicyGroups: [], PolicyUsers: [], PolicyRoles: [{ RoleName: 'support', RoleId: 'AROASUPPORT' }], IsTruncated: false };
  });
}

const scan = () =>
  runScan({
    controls: IAM_CONTROLS,
    transport: new LiveTransport({}),
    homeRegion: 'us-east-1',
    now: NOW,
    options: DEFAULT_CHECK_OPTIONS,
    concurrency: 4,
    sleep: async () => {},
  });

const statusById = (r: ScanResult) => Object.fromEntries(r.controls.map((c) => [c.control.id, c.status]));

const EXPECTED = {
  '1.1': 'PASS', '1.2': 'FAIL', '1.3': 'FAIL', '1.4': 'FAIL',
  '1.5': 'PASS', '1.6': 'PASS', '1.7': 'PASS', '1.8': 'PASS', '1.9': 'FAIL', '1.10': 'PASS', '1.11': 'PASS',
  '1.12': 'PASS', '1.13': 'PASS', '1.14': 'FAIL', '1.16': 'PASS', '1.20': 'PASS', '1.22': 'FAIL',
};

describe('runScan over section 1 on mocked clients', () => {
  it('has 17 IAM controls to scan', () => {
    expect(IAM_CONTROLS.map((c) => c.id)).toEqual(Object.keys(EXPECTED));
  });

  it('decides every IAM control for the scenario', async () => {
    scenario();
    const result = await scan();
    expect(statusById(result)).toEqual(EXPECTED);
    expect(result.identity).toEqual({ account: ACCOUNT, partition: 'aws', arn: CALLER_ARN });
    expect(result.evaluatedAt).toEqual(NOW);
    expect(result.unexpectedErrors).toEqual([]);
    const byId = new Map(result.controls.map((c) => [c.control.id, c]));
    expect(byId.get('1.2')!.findings.filter((f) => f.status === 'FAIL').map((f) => f.resource)).toEqual([arn('user', 'bob')]);
    expect(byId.get('1.3')!.findings.filter((f) => f.status === 'FAIL').map((f) => f.resource)).toEqual([arn('user', 'bob')]);
    expect(byId.get('1.4')!.findings.filter((f) => f.status === 'FAIL').map((f) => f.resource)).toEqual([arn('user', 'ci')]);
    expect(byId.get('1.20')!.findings.map((f) => [f.resource, f.message])).toEqual([[`arn:aws:iam::${ACCOUNT}:root`, 'AWSSupportAccess is attached to support']]);
    expect(byId.get('1.22')!.findings.map((f) => [f.resource, f.status])).toEqual([[arn('policy', 'admin'), 'FAIL']]);
  });

  it('makes only IAM and STS calls, each datum read once; no EC2 DescribeRegions for an IAM-only scan', async () => {
    scenario();
    const result = await scan();
    expect(aws.ec2.commandCalls(DescribeRegionsCommand)).toHaveLength(0);
    expect(aws.ec2.calls()).toHaveLength(0);
    expect(result.regions).toEqual([]);
    expect(Object.fromEntries(result.reader.calls)).toEqual({
      'sts:GetCallerIdentity': 1,
      'iam:GenerateCredentialReport': 2,
      'iam:GetCredentialReport': 1,
      'iam:GetAccountPasswordPolicy': 1,
      'iam:GetAccountSummary': 1,
      'iam:ListVirtualMFADevices': 1,
      'iam:GetAccountAuthorizationDetails': 2,
      'iam:ListEntitiesForPolicy': 1,
    });
    // 1.20 reads the roles AWSSupportAccess is attached to, never the whole role list.
    expect(aws.iam.commandCalls(GetAccountAuthorizationDetailsCommand).map((c) => c.args[0].input.Filter?.join()).sort())
      .toEqual(['LocalManagedPolicy', 'User']);
  });

  it('AccessDenied on GetAccountPasswordPolicy makes 1.5–1.11 ERROR while the other controls keep their verdicts', async () => {
    scenario();
    aws.iam.on(GetAccountPasswordPolicyCommand).rejects(iamError('AccessDenied'));
    const result = await scan();
    const policyIds = ['1.5', '1.6', '1.7', '1.8', '1.9', '1.10', '1.11'];
    expect(statusById(result)).toEqual({ ...EXPECTED, ...Object.fromEntries(policyIds.map((id) => [id, 'ERROR'])) });
    for (const c of result.controls.filter((c) => policyIds.includes(c.control.id))) {
      expect(c.findings).toHaveLength(1);
      expect(c.findings[0]!.error).toMatchObject({ operation: 'GetAccountPasswordPolicy', code: 'AccessDenied' });
      expect(c.reason).toContain('GetAccountPasswordPolicy');
    }
    expect(result.reader.calls.get('iam:GetAccountPasswordPolicy')).toBe(1);
  });

  it('no password policy (NoSuchEntity) makes 1.5–1.11 FAIL, not ERROR', async () => {
    scenario();
    aws.iam.on(GetAccountPasswordPolicyCommand).rejects(iamError('NoSuchEntity', 'The Password Policy cannot be found.'));
    const result = await scan();
    const statuses = statusById(result);
    expect(['1.5', '1.6', '1.7', '1.8', '1.9', '1.10', '1.11'].map((id) => statuses[id])).toEqual(Array(7).fill('FAIL'));
  });

  it('builds resources and the support policy ARN from the caller partition (aws-us-gov)', async () => {
    scenario('aws-us-gov');
    const result = await scan();
    expect(result.identity.partition).toBe('aws-us-gov');
    expect(statusById(result)).toEqual(EXPECTED);
    const support = result.controls.find((c) => c.control.id === '1.20')!;
    expect(support.findings[0]).toMatchObject({ status: 'PASS', resource: `arn:aws-us-gov:iam::${ACCOUNT}:root` });
  });

  it('a credentials error on GetCallerIdentity rejects with UsageError (exit code 2) before any IAM call', async () => {
    aws.sts.on(GetCallerIdentityCommand).rejects(namedError('CredentialsProviderError', 'Could not load credentials from any providers'));
    const err = await scan().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect((err as UsageError).message).toContain('credentials');
    expect(aws.iam.calls()).toHaveLength(0);
  });

  it('any other GetCallerIdentity failure is also a UsageError naming the call', async () => {
    aws.sts.on(GetCallerIdentityCommand).rejects(namedError('AccessDenied', 'nope'));
    const err = await scan().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).message).toContain('sts:GetCallerIdentity');
  });
});
