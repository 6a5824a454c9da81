import { describe, expect, it } from 'vitest';
import { CIS_AWS_1_2_0 } from '../../src/benchmark/cis-aws-1.2.0.js';
import { BENCHMARKS } from '../../src/benchmark/index.js';
import { remediatorFor } from '../../src/fix/registry.js';
import { selectControls } from '../../src/benchmark/select.js';
import { fixActionsOf, permissionsPolicy } from '../../src/cli/permissions.js';
import { fixCommand } from '../../src/cli/fix-command.js';
import type { FakeAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import type { FakeRule, FakeSecurityGroup } from '../fake-aws/networking.js';
import { fixFlags, fixIo, journalOf, liveAccounts, TOOL, undo } from './fix-helpers.js';

// 4.1 / 4.2 / 4.3 end to end: the demo account behind mocked EC2 clients, writes applied to the fake model.

/** The demo account with its own copy of the networking model (demo-networking shares its group objects between calls). */
function fresh(): FakeAccount {
  const account = demoAccount();
  account.networking = structuredClone(account.networking);
  return account;
}

const live = liveAccounts(() => fresh());

// The demo's ap-southeast-2 is denied by an SCP (ERROR); most tests scan only the readable regions.
const READABLE = ['us-east-1', 'eu-west-1'];
const PROD = 'vpc-0a3f19c2e7b54d810';
const BASTION = 'sg-04e8a2c6b1d9f3750';
const BASTION_PUBLIC_SSH = 'sgr-0f2a6c8e1b3d5a790';
const BASTION_OFFICE_SSH = 'sgr-03b5d7f9a1c2e4861';
const STAGING_DEFAULT = 'sg-0a2c4e6f8b1d3b136';

const outcomeOf = (r: { outcomes: Array<{ control: string; outcome: string }> }, id: string) => r.outcomes.find((o) => o.control === id)?.outcome;
const groupsOf = (a: FakeAccount, region = 'us-east-1') => a.networking!.regions[region]!.securityGroups;
const group = (a: FakeAccount, id: string, region = 'us-east-1') => groupsOf(a, region).find((g) => g.GroupId === id)!;
/** A rule without its id: re-authorized rules get new ids. */
const shape = ({ SecurityGroupRuleId: _id, ...rest }: FakeRule) => rest;

/** A second prod group: all traffic from the internet (SSH and RDP), RDP from ::/0, and SSH from the office. */
function withLegacyAdmin(account = fresh(), over: Partial<FakeSecurityGroup> = {}): FakeAccount {
  groupsOf(account).push({
    GroupId: 'sg-0a1b2c3d4e5f60718', GroupName: 'legacy-admin', VpcId: PROD, Description: 'old jump hosts',
    rules: [
      { SecurityGroupRuleId: 'sgr-0aa1111111111111a', IsEgress: false, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0', Description: 'any' },
      { SecurityGroupRuleId: 'sgr-0bb2222222222222b', IsEgress: false, IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, CidrIpv6: '::/0' },
      { SecurityGroupRuleId: 'sgr-0cc3333333333333c', IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '10.0.0.0/8', Description: 'office' },
      { SecurityGroupRuleId: 'sgr-0dd4444444444444d', IsEgress: true, IpProtocol: '-1', FromPort: -1, ToPort: -1, CidrIpv4: '0.0.0.0/0' },
    ],
    ...over,
  });
  return account;
}

describe('fix 4.1/4.2: revoke exactly the internet rules to SSH/RDP', () => {
  it('--dry-run shows the revoke, the exact undo and the warning, and sends only reads', async () => {
    const { writes, calls } = live();
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['4.1'], 'dry-run': true, region: READABLE }), io, TOOL);
    expect(writes()).toEqual([]);
    expect(calls.every((c) => /^Describe|^GetCallerIdentity$/.test(c.operation))).toBe(true);
    expect(out.stdout).toContain(`call: ec2:RevokeSecurityGroupIngress (us-east-1) {"GroupId":"${BASTION}","SecurityGroupRuleIds":["${BASTION_PUBLIC_SSH}"]}`);
    expect(out.stdout).toContain(
      `undo: ec2:AuthorizeSecurityGroupIngress (us-east-1) {"GroupId":"${BASTION}","IpPermissions":[{"IpProtocol":"tcp","FromPort":22,"ToPort":22,"IpRanges":[{"CidrIp":"0.0.0.0/0","Description":"temporary: vendor access"}]}]}`,
    );
    expect(out.stdout).toMatch(new RegExp(`WARNING: revoking cuts live SSH sessions from 0\\.0\\.0\\.0/0 to anything in ${BASTION} \\(bastion\\) and blocks new ones — rule\\(s\\) ${BASTION_PUBLIC_SSH}`));
    expect(out.stdout).toContain('Dry run: 1 change(s) planned, nothing changed.');
    expect(result.exitCode).toBe(0);
  });

  it('revokes only the public rule by id (the office rule of the same group stays), journals the prior rule, re-checks FIXED', async () => {
    const { writes, account } = live();
    const result = await fixCommand(fixFlags({ control: ['4.1'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(writes()).toEqual([
      { service: 'ec2', region: 'us-east-1', operation: 'RevokeSecurityGroupIngress', input: { GroupId: BASTION, SecurityGroupRuleIds: [BASTION_PUBLIC_SSH] } },
    ]);
    expect(group(account, BASTION).rules.map((r) => r.SecurityGroupRuleId)).toEqual([BASTION_OFFICE_SSH, 'sgr-0c4e6a8b2d1f3a572']);
    expect(outcomeOf(result, '4.1')).toBe('FIXED');
    expect(result.exitCode).toBe(0);
    const journal = journalOf(result.journalPath!);
    expect(journal.steps).toHaveLength(1);
    expect(journal.steps[0]).toMatchObject({
      status: 'applied', control: '4.1', remediator: 'security-groups',
      prior: { GroupId: BASTION, GroupName: 'bastion', VpcId: PROD, rules: [{ SecurityGroupRuleId: BASTION_PUBLIC_SSH, IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0', Description: 'temporary: vendor access' }] },
    });
  });

  it('is idempotent: a second run plans nothing and writes nothing', async () => {
    const { writes } = live(withLegacyAdmin());
    const first = await fixCommand(fixFlags({ control: ['4.1', '4.2'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(first.exitCode).toBe(0);
    const sent = writes().length;
    const second = await fixCommand(fixFlags({ control: ['4.1', '4.2'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(sent);
    expect(second.outcomes.map((o) => [o.control, o.outcome])).toEqual([['4.1', 'NOTHING_TO_DO'], ['4.2', 'NOTHING_TO_DO']]);
    expect(second.journalPath).toBeUndefined();
  });

  it('4.1 + 4.2: an all-traffic rule from 0.0.0.0/0 is revoked once; one step per group; private rules untouched', async () => {
    const { writes, account } = live(withLegacyAdmin());
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['4.1', '4.2'], yes: true, region: READABLE }), io, TOOL);
    expect(writes()).toEqual([
      { service: 'ec2', region: 'us-east-1', operation: 'RevokeSecurityGroupIngress', input: { GroupId: BASTION, SecurityGroupRuleIds: [BASTION_PUBLIC_SSH] } },
      { service: 'ec2', region: 'us-east-1', operation: 'RevokeSecurityGroupIngress', input: { GroupId: 'sg-0a1b2c3d4e5f60718', SecurityGroupRuleIds: ['sgr-0aa1111111111111a', 'sgr-0bb2222222222222b'] } },
    ]);
    expect(group(account, 'sg-0a1b2c3d4e5f60718').rules.map((r) => r.SecurityGroupRuleId)).toEqual(['sgr-0cc3333333333333c', 'sgr-0dd4444444444444d']);
    expect(out.stdout).toContain('revoking cuts live SSH and RDP sessions from 0.0.0.0/0, ::/0 to anything in sg-0a1b2c3d4e5f60718 (legacy-admin)');
    expect(out.stdout).toContain('sgr-0aa1111111111111a allows all traffic: that other traffic from the internet stops too');
    expect(result.outcomes.map((o) => [o.control, o.outcome])).toEqual([['4.1', 'FIXED'], ['4.2', 'FIXED']]);
    // IPv6 and all-traffic rules come back exactly as they were.
    const legacy = journalOf(result.journalPath!).steps[1]!;
    expect(legacy.undo).toEqual([{
      service: 'ec2', region: 'us-east-1', operation: 'AuthorizeSecurityGroupIngress',
      input: {
        GroupId: 'sg-0a1b2c3d4e5f60718',
        IpPermissions: [
          { IpProtocol: '-1', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'any' }] },
          { IpProtocol: 'tcp', FromPort: 3389, ToPort: 3389, Ipv6Ranges: [{ CidrIpv6: '::/0' }] },
        ],
      },
    }]);
  });

  it('partial failure: the second group is denied → APPLY_ERROR (exit 3), the first is journaled, undo re-authorizes its exact prior rule', async () => {
    const account = withLegacyAdmin(fresh(), { writesDenied: true });
    const before = group(account, BASTION).rules.map(shape);
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['4.1'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(outcomeOf(result, '4.1')).toBe('APPLY_ERROR');
    expect(result.outcomes[0]!.detail).toMatch(/ec2:RevokeSecurityGroupIngress failed: UnauthorizedOperation .*1 earlier step\(s\) applied and journaled/);
    expect(result.exitCode).toBe(3);
    const journal = journalOf(result.journalPath!);
    expect(journal.steps.map((s) => [s.call.input.GroupId, s.status])).toEqual([[BASTION, 'applied'], ['sg-0a1b2c3d4e5f60718', 'failed']]);
    expect(group(account, BASTION).rules.map((r) => r.SecurityGroupRuleId)).not.toContain(BASTION_PUBLIC_SSH);
    expect(group(account, 'sg-0a1b2c3d4e5f60718').rules).toHaveLength(4);

    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().slice(2)).toEqual([{
      service: 'ec2', region: 'us-east-1', operation: 'AuthorizeSecurityGroupIngress',
      input: { GroupId: BASTION, IpPermissions: [{ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0', Description: 'temporary: vendor access' }] }] },
    }]);
    expect(group(account, BASTION).rules.map(shape)).toEqual(expect.arrayContaining(before));
    expect(journalOf(result.journalPath!).steps.map((s) => s.status)).toEqual(['undone', 'failed']);
  });

  it('STILL_FAILING (exit 1) when EC2 accepts the revoke but the rule is still there', async () => {
    const account = fresh();
    account.networking!.ignoreWrites = true;
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['4.1'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(writes()).toHaveLength(1);
    expect(outcomeOf(result, '4.1')).toBe('STILL_FAILING');
    expect(result.exitCode).toBe(1);
  });

  it('a region whose rules could not be read gets no steps, and guidance saying why', async () => {
    const { writes } = live();
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['4.1'], yes: true }), io, TOOL);
    expect(writes().map((w) => w.region)).toEqual(['us-east-1']);
    expect(out.stdout).toMatch(/• ap-southeast-2: nothing planned \(internet SSH rules\) — the security groups could not be read: ec2:DescribeSecurityGroups in ap-southeast-2 failed: AccessDenied/);
    // The re-check still cannot read that region: never a false FIXED.
    expect(outcomeOf(result, '4.1')).not.toBe('FIXED');
    expect(result.exitCode).not.toBe(0);
  });
});

describe('fix 4.3: close each failing default group', () => {
  it('revokes every ingress and egress rule by id, re-checks FIXED; undo restores both directions', async () => {
    const account = fresh();
    const before = group(account, STAGING_DEFAULT).rules.map(shape);
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ control: ['4.3'], yes: true, region: READABLE }), io, TOOL);
    expect(writes()).toEqual([
      { service: 'ec2', region: 'us-east-1', operation: 'RevokeSecurityGroupIngress', input: { GroupId: STAGING_DEFAULT, SecurityGroupRuleIds: ['sgr-08c1e3a5d7f9b2a6a'] } },
      { service: 'ec2', region: 'us-east-1', operation: 'RevokeSecurityGroupEgress', input: { GroupId: STAGING_DEFAULT, SecurityGroupRuleIds: ['sgr-09d2f4b6e8a1c3b7b'] } },
    ]);
    expect(out.stdout).toContain(`WARNING: anything still using default group ${STAGING_DEFAULT} of vpc-07c2d5e8f1a9b3c46 loses this inbound traffic`);
    expect(group(account, STAGING_DEFAULT).rules).toEqual([]);
    expect(outcomeOf(result, '4.3')).toBe('FIXED');
    expect(result.exitCode).toBe(0);

    expect(await undo(result.journalPath!)).toBe(0);
    // Newest first: egress back, then the self-referencing ingress rule.
    expect(writes().slice(2)).toEqual([
      {
        service: 'ec2', region: 'us-east-1', operation: 'AuthorizeSecurityGroupEgress',
        input: { GroupId: STAGING_DEFAULT, IpPermissions: [{ IpProtocol: '-1', FromPort: -1, ToPort: -1, IpRanges: [{ CidrIp: '0.0.0.0/0' }] }] },
      },
      {
        service: 'ec2', region: 'us-east-1', operation: 'AuthorizeSecurityGroupIngress',
        input: { GroupId: STAGING_DEFAULT, IpPermissions: [{ IpProtocol: '-1', FromPort: -1, ToPort: -1, UserIdGroupPairs: [{ GroupId: STAGING_DEFAULT }] }] },
      },
    ]);
    expect(group(account, STAGING_DEFAULT).rules.map(shape)).toEqual(expect.arrayContaining(before));
    expect(group(account, STAGING_DEFAULT).rules).toHaveLength(before.length);
  });

  it("round trip: a rule referencing another account's group (peered VPC) is revoked, then re-authorized with its owner's UserId exactly as it was", async () => {
    const PEER_ACCOUNT = '999988887777';
    const PEER_GROUP = 'sg-0peer5a7c9e1b3d5f7';
    const peerRule: FakeRule = {
      SecurityGroupRuleId: 'sgr-0f9e8d7c6b5a40312', IsEgress: false, IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432,
      ReferencedGroupId: PEER_GROUP, ReferencedUserId: PEER_ACCOUNT, ReferencedVpcId: 'vpc-0peer2b4d6f8a1c3e5', ReferencedVpcPeeringConnectionId: 'pcx-0a1b2c3d4e5f60789',
      Description: 'reporting db from the analytics account',
    };
    const account = fresh();
    group(account, STAGING_DEFAULT).rules.push(peerRule);
    const sorted = (rules: FakeRule[]) => rules.map(shape).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const before = sorted(group(account, STAGING_DEFAULT).rules);
    const { writes } = live(account);
    const { io, out } = fixIo();

    const result = await fixCommand(fixFlags({ control: ['4.3'], yes: true, region: READABLE }), io, TOOL);
    expect(writes()).toEqual([
      { service: 'ec2', region: 'us-east-1', operation: 'RevokeSecurityGroupIngress', input: { GroupId: STAGING_DEFAULT, SecurityGroupRuleIds: ['sgr-08c1e3a5d7f9b2a6a', peerRule.SecurityGroupRuleId] } },
      { service: 'ec2', region: 'us-east-1', operation: 'RevokeSecurityGroupEgress', input: { GroupId: STAGING_DEFAULT, SecurityGroupRuleIds: ['sgr-09d2f4b6e8a1c3b7b'] } },
    ]);
    // The scan and the plan name the peer's group with its account, as the console does.
    expect(out.stdout).toContain(`${peerRule.SecurityGroupRuleId} ingress tcp port 5432 from ${PEER_ACCOUNT}/${PEER_GROUP} "reporting db from the analytics account"`);
    expect(out.stdout).not.toMatch(/re-add th(at|e) rule by hand/);
    expect(group(account, STAGING_DEFAULT).rules).toEqual([]);
    expect(outcomeOf(result, '4.3')).toBe('FIXED');
    const ingress = journalOf(result.journalPath!).steps.find((s) => s.call.operation === 'RevokeSecurityGroupIngress')!;
    expect(ingress.prior).toMatchObject({
      rules: [expect.anything(), { SecurityGroupRuleId: peerRule.SecurityGroupRuleId, ReferencedGroupId: PEER_GROUP, ReferencedUserId: PEER_ACCOUNT }],
    });

    expect(await undo(result.journalPath!)).toBe(0);
    const reAuthorize = writes().slice(2).find((w) => w.operation === 'AuthorizeSecurityGroupIngress')!;
    const perms = reAuthorize.input.IpPermissions as Array<{ UserIdGroupPairs: Array<Record<string, unknown>> }>;
    expect(perms[1]!.UserIdGroupPairs[0]!.UserId).toBe(PEER_ACCOUNT);
    expect(perms).toEqual([
      // The default group's reference to itself: this account's group, named by its id alone.
      { IpProtocol: '-1', FromPort: -1, ToPort: -1, UserIdGroupPairs: [{ GroupId: STAGING_DEFAULT }] },
      {
        IpProtocol: 'tcp', FromPort: 5432, ToPort: 5432,
        UserIdGroupPairs: [{
          GroupId: PEER_GROUP, UserId: PEER_ACCOUNT, VpcId: 'vpc-0peer2b4d6f8a1c3e5', VpcPeeringConnectionId: 'pcx-0a1b2c3d4e5f60789',
          Description: 'reporting db from the analytics account',
        }],
      },
    ]);
    // The same rules as before the fix (new rule ids aside): the peer reference still names the peer account.
    expect(sorted(group(account, STAGING_DEFAULT).rules)).toEqual(before);
  });

  it('4.1 + 4.3 on the same default group: its internet SSH rule is revoked once, with the rest of the group', async () => {
    const account = fresh();
    group(account, STAGING_DEFAULT).rules.push({ SecurityGroupRuleId: 'sgr-0ee5555555555555e', IsEgress: false, IpProtocol: 'tcp', FromPort: 22, ToPort: 22, CidrIpv4: '0.0.0.0/0' });
    const { writes } = live(account);
    const result = await fixCommand(fixFlags({ control: ['4.1', '4.3'], yes: true, region: READABLE }), fixIo().io, TOOL);
    const ids = writes().flatMap((w) => w.input.SecurityGroupRuleIds as string[]);
    expect(ids).toEqual([BASTION_PUBLIC_SSH, 'sgr-08c1e3a5d7f9b2a6a', 'sgr-0ee5555555555555e', 'sgr-09d2f4b6e8a1c3b7b']);
    expect(new Set(ids).size).toBe(ids.length);
    expect(result.outcomes.map((o) => [o.control, o.outcome])).toEqual([['4.1', 'FIXED'], ['4.3', 'FIXED']]);
  });

  it('declares the revoke and (for undo) authorize permissions', () => {
    const policy = permissionsPolicy(selectControls(CIS_AWS_1_2_0, ['4.1', '4.2', '4.3'], []), true);
    const fix = fixActionsOf(policy);
    expect(fix).toEqual(['ec2:AuthorizeSecurityGroupEgress', 'ec2:AuthorizeSecurityGroupIngress', 'ec2:RevokeSecurityGroupEgress', 'ec2:RevokeSecurityGroupIngress']);
  });
});

describe('fix cis-5.0.0 5.3: the admin-ports check revokes exactly the rules its findings name', () => {
  it('TCP and UDP rules to 22/3389 from 0.0.0.0/0 go, in one step per group; ::/0 (5.4), private and other-port rules stay', async () => {
    const account = withLegacyAdmin();
    group(account, 'sg-0a1b2c3d4e5f60718').rules.push(
      { SecurityGroupRuleId: 'sgr-0ee5555555555555e', IsEgress: false, IpProtocol: 'udp', FromPort: 3389, ToPort: 3389, CidrIpv4: '0.0.0.0/0', Description: 'rdp udp' },
      { SecurityGroupRuleId: 'sgr-0ff6666666666666f', IsEgress: false, IpProtocol: 'udp', FromPort: 53, ToPort: 53, CidrIpv4: '0.0.0.0/0', Description: 'dns' },
    );
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await fixCommand(fixFlags({ benchmark: ['cis-5.0.0'], control: ['5.3'], yes: true, region: READABLE }), io, TOOL);
    expect(writes()).toEqual([
      { service: 'ec2', region: 'us-east-1', operation: 'RevokeSecurityGroupIngress', input: { GroupId: BASTION, SecurityGroupRuleIds: [BASTION_PUBLIC_SSH] } },
      {
        service: 'ec2', region: 'us-east-1', operation: 'RevokeSecurityGroupIngress',
        input: { GroupId: 'sg-0a1b2c3d4e5f60718', SecurityGroupRuleIds: ['sgr-0aa1111111111111a', 'sgr-0ee5555555555555e'] },
      },
    ]);
    expect(group(account, 'sg-0a1b2c3d4e5f60718').rules.map((r) => r.SecurityGroupRuleId))
      .toEqual(['sgr-0bb2222222222222b', 'sgr-0cc3333333333333c', 'sgr-0dd4444444444444d', 'sgr-0ff6666666666666f']);
    expect(out.stdout).toContain('revoking cuts live SSH and RDP sessions');
    expect(outcomeOf(result, '5.3')).toBe('FIXED');
    expect(result.exitCode).toBe(0);
  });
});

describe('every version\'s security-group admin-ports controls are covered by the same revocation', () => {
  it('cis-5.0.0 5.3 + 5.4 in one run: the IPv4 and the IPv6 rules both go (both controls share the admin-ports check)', async () => {
    const { writes } = live(withLegacyAdmin());
    const result = await fixCommand(fixFlags({ benchmark: ['cis-5.0.0'], control: ['5.3', '5.4'], yes: true, region: READABLE }), fixIo().io, TOOL);
    expect(writes()).toEqual([
      { service: 'ec2', region: 'us-east-1', operation: 'RevokeSecurityGroupIngress', input: { GroupId: BASTION, SecurityGroupRuleIds: [BASTION_PUBLIC_SSH] } },
      { service: 'ec2', region: 'us-east-1', operation: 'RevokeSecurityGroupIngress', input: { GroupId: 'sg-0a1b2c3d4e5f60718', SecurityGroupRuleIds: ['sgr-0aa1111111111111a', 'sgr-0bb2222222222222b'] } },
    ]);
    expect(result.outcomes.map((o) => [o.control, o.outcome])).toEqual([['5.3', 'FIXED'], ['5.4', 'FIXED']]);
  });

  it('in every benchmark version, each admin-ports control (IPv4, IPv6, TCP/UDP) is decided only by checks the security-groups remediator fixes', () => {
    for (const b of BENCHMARKS) {
      const admin = b.controls.filter((c) => c.checks.some((id) => ['ec2-no-public-ssh', 'ec2-no-public-rdp', 'ec2-no-public-admin-ports'].includes(id)));
      expect(admin.length, b.selector).toBeGreaterThan(0);
      for (const c of admin) for (const check of c.checks) expect(remediatorFor(check)?.id, `${b.selector} ${c.id} ${check}`).toBe('security-groups');
    }
  });
});
