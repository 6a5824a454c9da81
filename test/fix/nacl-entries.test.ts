import { describe, expect, it } from 'vitest';
import { fixCommand, type FixFlags } from '../../src/cli/fix-command.js';
import type { FakeAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import type { FakeAclEntry } from '../fake-aws/networking-vpc.js';
import { fixFlags, fixIo, journalOf, liveAccounts, TOOL, undo } from './fix-helpers.js';

// cis-5.0.0 5.2 (NACLs admitting 22/3389 over TCP or UDP from the internet) end to end: entries deleted by rule number, only with
// --allow-disruptive; undo re-creates them exactly.

const PROD_DEFAULT = 'acl-0c1e3a5b7d9f2a4c6';
const PROD_APP = 'acl-0d2f4b6c8e1a3b5d7';
const STAGING_DEFAULT = 'acl-0e3a5c7d9f1b4c6e8';
const REGION = 'us-east-1';

/** The demo account with two more offending entries on the app ACL: SSH over TCP from 0.0.0.0/0, RDP over UDP from ::/0. */
function fresh(): FakeAccount {
  const account = demoAccount();
  account.networking = structuredClone(account.networking);
  const app = aclOf(account, PROD_APP);
  app.Entries.push(
    { RuleNumber: 105, Egress: false, RuleAction: 'allow', Protocol: '6', CidrBlock: '0.0.0.0/0', PortRange: { From: 22, To: 22 } },
    { RuleNumber: 106, Egress: false, RuleAction: 'allow', Protocol: '17', Ipv6CidrBlock: '::/0', PortRange: { From: 3389, To: 3389 } },
  );
  app.Entries.sort((a, b) => a.RuleNumber - b.RuleNumber);
  return account;
}
const aclOf = (a: FakeAccount, id: string) => a.networking!.regions[REGION]!.networkAcls!.find((x) => x.NetworkAclId === id)!;
const live = liveAccounts(() => fresh());
const run = (over: Partial<FixFlags>, io = fixIo().io) => fixCommand(fixFlags({ benchmark: ['cis-5.0.0'], control: ['5.2'], region: [REGION], ...over }), io, TOOL);
const outcomeOf = (r: { outcomes: Array<{ control: string; outcome: string; detail: string }> }, id: string) => r.outcomes.find((o) => o.control === id);
const del = (acl: string, n: number) => ({ service: 'ec2', region: REGION, operation: 'DeleteNetworkAclEntry', input: { NetworkAclId: acl, RuleNumber: n, Egress: false } });
const sorted = (entries: FakeAclEntry[]) => [...entries].sort((a, b) => a.RuleNumber - b.RuleNumber || Number(a.Egress) - Number(b.Egress));

describe('fix NACL admin ports (cis-5.0.0 5.2)', () => {
  it('without --allow-disruptive: GUIDANCE naming each ACL and rule number, nothing written', async () => {
    const { writes } = live();
    const { io, out } = fixIo();
    const result = await run({ yes: true }, io);
    expect(writes()).toEqual([]);
    expect(outcomeOf(result, '5.2')?.outcome).toBe('GUIDANCE');
    for (const [acl, n] of [[PROD_DEFAULT, 100], [PROD_APP, 105], [PROD_APP, 106], [STAGING_DEFAULT, 100]] as const) {
      expect(out.stdout).toContain(`aws ec2 delete-network-acl-entry --region ${REGION} --network-acl-id ${acl} --ingress --rule-number ${n}`);
    }
    expect(out.stdout).not.toContain('--rule-number 110'); // 443 from the internet is not an admin port
  });

  it("cis-3.0.0 5.1 judges TCP only: the UDP entry is left alone, as its check leaves it", async () => {
    const { writes } = live();
    await fixCommand(fixFlags({ benchmark: ['cis-3.0.0'], control: ['5.1'], region: [REGION], yes: true, 'allow-disruptive': true }), fixIo().io, TOOL);
    expect(writes()).toEqual([del(PROD_DEFAULT, 100), del(PROD_APP, 105), del(STAGING_DEFAULT, 100)]);
  });

  it('--allow-disruptive --dry-run: exact deletes, exact re-creating undo, warnings about all-traffic entries; reads only', async () => {
    const { writes } = live();
    const { io, out } = fixIo();
    await run({ 'dry-run': true, 'allow-disruptive': true }, io);
    expect(writes()).toEqual([]);
    expect(out.stdout).toContain(`call: ec2:DeleteNetworkAclEntry (${REGION}) {"NetworkAclId":"${PROD_APP}","RuleNumber":106,"Egress":false}`);
    expect(out.stdout).toContain(`undo: ec2:CreateNetworkAclEntry (${REGION}) {"NetworkAclId":"${PROD_APP}","RuleNumber":106,"Egress":false,"RuleAction":"allow","Protocol":"17","Ipv6CidrBlock":"::/0","PortRange":{"From":3389,"To":3389}}`);
    expect(out.stdout).toMatch(/WARNING: deleting it stops port\(s\) 22, 3389 from 0\.0\.0\.0\/0 reaching subnets subnet-0a1b2c3d4e5f60718, subnet-0b2c3d4e5f6071829 .*ALL of that inbound traffic stops too/);
    expect(out.stdout).toContain('Dry run: 4 change(s) planned, nothing changed.');
  });

  it('--yes --allow-disruptive deletes exactly those entries → FIXED; a second run plans nothing; undo re-creates every field', async () => {
    const account = fresh();
    const before = { d: sorted(aclOf(account, PROD_DEFAULT).Entries), a: sorted(aclOf(account, PROD_APP).Entries), s: sorted(aclOf(account, STAGING_DEFAULT).Entries) };
    const { writes } = live(account);
    const result = await run({ yes: true, 'allow-disruptive': true });
    expect(writes()).toEqual([del(PROD_DEFAULT, 100), del(PROD_APP, 105), del(PROD_APP, 106), del(STAGING_DEFAULT, 100)]);
    expect(sorted(aclOf(account, PROD_APP).Entries).map((e) => e.RuleNumber)).toEqual([100, 100, 110, 120, 32767, 32767]);
    // The staging default ACL keeps its deny 90 and the egress allow.
    expect(sorted(aclOf(account, STAGING_DEFAULT).Entries).map((e) => [e.RuleNumber, e.Egress])).toEqual([[90, false], [100, true], [32767, false], [32767, true]]);
    expect(outcomeOf(result, '5.2')?.outcome).toBe('FIXED');
    expect(journalOf(result.journalPath!).steps[2]).toMatchObject({
      status: 'applied',
      prior: { NetworkAclId: PROD_APP, IsDefault: false, entry: { RuleNumber: 106, Egress: false, RuleAction: 'allow', Protocol: '17', Ipv6CidrBlock: '::/0', PortRange: { From: 3389, To: 3389 } } },
    });

    const second = await run({ yes: true, 'allow-disruptive': true });
    expect(writes()).toHaveLength(4);
    expect(outcomeOf(second, '5.2')?.outcome).toBe('NOTHING_TO_DO');

    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().slice(4).map((w) => [w.operation, w.input.NetworkAclId, w.input.RuleNumber])).toEqual([
      ['CreateNetworkAclEntry', STAGING_DEFAULT, 100], ['CreateNetworkAclEntry', PROD_APP, 106], ['CreateNetworkAclEntry', PROD_APP, 105], ['CreateNetworkAclEntry', PROD_DEFAULT, 100],
    ]);
    expect(sorted(aclOf(account, PROD_DEFAULT).Entries)).toEqual(before.d);
    expect(sorted(aclOf(account, PROD_APP).Entries)).toEqual(before.a);
    expect(sorted(aclOf(account, STAGING_DEFAULT).Entries)).toEqual(before.s);
  });

  it('a failing call midway → APPLY_ERROR (exit 3), the applied deletes journaled; undo restores them', async () => {
    const account = fresh();
    const before = sorted(aclOf(account, PROD_APP).Entries);
    account.errors = [...(account.errors ?? []), { service: 'ec2', operation: 'DeleteNetworkAclEntry', region: REGION, code: 'UnauthorizedOperation', message: 'explicit deny', skip: 2 }];
    const { writes } = live(account);
    const result = await run({ yes: true, 'allow-disruptive': true });
    expect(outcomeOf(result, '5.2')).toMatchObject({ outcome: 'APPLY_ERROR', detail: expect.stringMatching(/ec2:DeleteNetworkAclEntry failed: UnauthorizedOperation .*2 earlier step\(s\) applied and journaled/) });
    expect(result.exitCode).toBe(3);
    expect(journalOf(result.journalPath!).steps.map((s) => s.status)).toEqual(['applied', 'applied', 'failed']);
    expect(await undo(result.journalPath!)).toBe(0);
    expect(writes().slice(3).map((w) => [w.operation, w.input.RuleNumber])).toEqual([['CreateNetworkAclEntry', 105], ['CreateNetworkAclEntry', 100]]);
    expect(sorted(aclOf(account, PROD_APP).Entries)).toEqual(before);
  });
});
