import { describe, expect, it } from 'vitest';
import { CIS_AWS_1_2_0 } from '../../../src/benchmark/cis-aws-1.2.0.js';
import { DEFAULT_CHECK_OPTIONS } from '../../../src/checks/check.js';
import { runScan } from '../../../src/engine/scan.js';
import { serveAccount, type FakeAccount, type FakeIamRole } from '../../fake-aws/account.js';

// 1.20 over the fake AWS: what a scan reads (ListEntitiesForPolicy, paged; never the role list) and decides.
const A = '123456789012';
const CONTROL_1_20 = CIS_AWS_1_2_0.controls.filter((c) => c.id === '1.20');
const SUPPORT = { PolicyName: 'AWSSupportAccess', PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess' };
const READ_ONLY = { PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' };

function account(roles: FakeIamRole[], over: Partial<FakeAccount> = {}): FakeAccount {
  return {
    account: A, partition: 'aws', callerArn: `arn:aws:iam::${A}:user/auditor`, regions: ['us-east-1'], pageSize: 2,
    iam: { reportGeneratedAt: '2026-01-01T00:00:00Z', reportRows: [], summary: {}, passwordPolicy: null, virtualMfa: [], users: [], roles, policies: [] },
    ...over,
  };
}

async function scan1_20(a: FakeAccount) {
  const fake = serveAccount(a);
  const result = await runScan({
    controls: CONTROL_1_20, transport: fake, homeRegion: 'us-east-1', options: DEFAULT_CHECK_OPTIONS, concurrency: 4, sleep: async () => {},
  });
  return { fake, control: result.controls[0]! };
}

describe('1.20 over the fake account', () => {
  it('pages ListEntitiesForPolicy (Marker), PASSes on the first attached role and names all of them; no role list read', async () => {
    const roles: FakeIamRole[] = [
      { RoleName: 'app', AttachedManagedPolicies: [READ_ONLY] },
      { RoleName: 'support-a', AttachedManagedPolicies: [SUPPORT] },
      { RoleName: 'support-b', AttachedManagedPolicies: [READ_ONLY, SUPPORT] },
      { RoleName: 'support-c', AttachedManagedPolicies: [SUPPORT] },
    ];
    const { fake, control } = await scan1_20(account(roles));
    expect(control.status).toBe('PASS');
    expect(control.findings).toHaveLength(1);
    expect(control.findings[0]).toMatchObject({ status: 'PASS', resource: `arn:aws:iam::${A}:root`, region: 'global' });
    expect(control.findings[0]!.evidence).toEqual([{
      source: 'iam:ListEntitiesForPolicy', field: 'PolicyRoles', value: ['support-a', 'support-b', 'support-c'],
      expected: 'at least one role with arn:aws:iam::aws:policy/AWSSupportAccess',
    }]);
    const entityCalls = fake.log.filter((c) => c.operation === 'ListEntitiesForPolicy').map((c) => c.input);
    expect(entityCalls).toEqual([
      { PolicyArn: SUPPORT.PolicyArn, EntityFilter: 'Role', MaxItems: 1000 },
      { PolicyArn: SUPPORT.PolicyArn, EntityFilter: 'Role', MaxItems: 1000, Marker: 't2' },
    ]);
    expect(fake.count('iam', 'GetAccountAuthorizationDetails')).toBe(0);
  });

  it('FAILs on the account when AWSSupportAccess is attached only to a user', async () => {
    const a = account([{ RoleName: 'app', AttachedManagedPolicies: [READ_ONLY] }]);
    a.iam.users = [{ UserName: 'helpdesk', AttachedManagedPolicies: [SUPPORT] }];
    const { control } = await scan1_20(a);
    expect(control.findings).toEqual([expect.objectContaining({ status: 'FAIL', resource: `arn:aws:iam::${A}:root` })]);
    expect(control.findings[0]!.evidence[0]!.value).toEqual([]);
  });

  it('NoSuchEntity for the policy is ERROR naming ListEntitiesForPolicy, never PASS or FAIL', async () => {
    const a = account([{ RoleName: 'support', AttachedManagedPolicies: [SUPPORT] }], {
      errors: [{ service: 'iam', operation: 'ListEntitiesForPolicy', code: 'NoSuchEntity', message: `Policy ${SUPPORT.PolicyArn} does not exist or is not attachable.` }],
    });
    const { control } = await scan1_20(a);
    expect(control.status).toBe('ERROR');
    expect(control.findings).toHaveLength(1);
    expect(control.findings[0]!.error).toMatchObject({ service: 'iam', operation: 'ListEntitiesForPolicy', code: 'NoSuchEntity' });
    expect(control.reason).toContain('ListEntitiesForPolicy');
  });
});
