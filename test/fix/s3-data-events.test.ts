import { describe, expect, it } from 'vitest';
import { fixCommand, type FixFlags } from '../../src/cli/fix-command.js';
import type { FakeAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import { AUDIT_TRAIL_SELECTORS } from '../fake-aws/demo-logging.js';
import { fixFlags, fixIo, journalOf, liveAccounts, TOOL, undo } from './fix-helpers.js';

// S3 object-level logging (cis-3.0.0 3.8 write, 3.9 read) on the demo's multi-region trail acme-audit, which already
// logs writes for all buckets (basic selectors) but no reads.

const A = '210987654321';
const AUDIT_TRAIL = `arn:aws:cloudtrail:us-east-1:${A}:trail/acme-audit`;
const MANAGEMENT_ADVANCED = { Name: 'Management events', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Management'] }] };
const RAW_BUCKET_ADVANCED = {
  Name: 'acme-raw writes', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }, { Field: 'resources.ARN', StartsWith: ['arn:aws:s3:::acme-raw/'] }],
};

function fresh(): FakeAccount {
  const account = demoAccount();
  account.cloudtrail = structuredClone(account.cloudtrail);
  return account;
}
const auditTrail = (a: FakeAccount) => a.cloudtrail!.trails.find((t) => t.Name === 'acme-audit')!;
const live = liveAccounts(() => fresh());
const run = (over: Partial<FixFlags>, io = fixIo().io) => fixCommand(fixFlags({ benchmark: ['cis-3.0.0'], control: ['3.8', '3.9'], region: ['us-east-1', 'eu-west-1'], ...over }), io, TOOL);
const outcomeOf = (r: { outcomes: Array<{ control: string; outcome: string; detail: string }> }, id: string) => r.outcomes.find((o) => o.control === id);
const READ_SELECTOR = { ReadWriteType: 'ReadOnly', IncludeManagementEvents: false, DataResources: [{ Type: 'AWS::S3::Object', Values: ['arn:aws:s3'] }], ExcludeManagementEventSources: [] };

describe('fix S3 object-level logging (cis-3.0.0 3.8 / 3.9)', () => {
  it('--dry-run: one PutEventSelectors keeping both existing basic selectors, adding reads only; cost warning; no write sent', async () => {
    const { writes } = live();
    const { io, out } = fixIo();
    await run({ 'dry-run': true }, io);
    expect(writes()).toEqual([]);
    expect(out.stdout).toContain(`call: cloudtrail:PutEventSelectors (us-east-1) ${JSON.stringify({ TrailName: AUDIT_TRAIL, EventSelectors: [...AUDIT_TRAIL_SELECTORS, READ_SELECTOR] })}`);
    expect(out.stdout).toContain(`undo: cloudtrail:PutEventSelectors (us-east-1) ${JSON.stringify({ TrailName: AUDIT_TRAIL, EventSelectors: AUDIT_TRAIL_SELECTORS })}`);
    expect(out.stdout).toMatch(/WARNING: CloudTrail bills data events/);
  });

  it('--yes (basic selectors): read 3.9 FIXED, write 3.8 already passing; second run plans nothing; undo restores the prior selectors exactly', async () => {
    const { writes, account } = live();
    const result = await run({ yes: true });
    expect(writes()).toEqual([{ service: 'cloudtrail', region: 'us-east-1', operation: 'PutEventSelectors', input: { TrailName: AUDIT_TRAIL, EventSelectors: [...AUDIT_TRAIL_SELECTORS, READ_SELECTOR] } }]);
    expect(result.outcomes.map((o) => [o.control, o.outcome])).toEqual([['3.8', 'NOTHING_TO_DO'], ['3.9', 'FIXED']]);
    expect(journalOf(result.journalPath!).steps[0]).toMatchObject({ status: 'applied', prior: { TrailName: AUDIT_TRAIL, EventSelectors: AUDIT_TRAIL_SELECTORS } });

    const second = await run({ yes: true });
    expect(writes()).toHaveLength(1);
    expect(second.outcomes.map((o) => o.outcome)).toEqual(['NOTHING_TO_DO', 'NOTHING_TO_DO']);

    expect(await undo(result.journalPath!)).toBe(0);
    expect(auditTrail(account).eventSelectors).toEqual(AUDIT_TRAIL_SELECTORS);
    expect(auditTrail(account).advancedEventSelectors).toBeUndefined();
  });

  it('--yes (advanced selectors): one advanced selector for reads and writes of all buckets, the existing ones (a narrowed S3 one too) kept; undo restores them', async () => {
    const account = fresh();
    delete auditTrail(account).eventSelectors;
    auditTrail(account).advancedEventSelectors = [MANAGEMENT_ADVANCED, RAW_BUCKET_ADVANCED];
    const { writes } = live(account);
    const result = await run({ yes: true });
    expect(writes()).toEqual([{
      service: 'cloudtrail', region: 'us-east-1', operation: 'PutEventSelectors',
      input: {
        TrailName: AUDIT_TRAIL,
        AdvancedEventSelectors: [MANAGEMENT_ADVANCED, RAW_BUCKET_ADVANCED, {
          Name: 'S3 object-level events, all buckets (cis-audit)', FieldSelectors: [{ Field: 'eventCategory', Equals: ['Data'] }, { Field: 'resources.type', Equals: ['AWS::S3::Object'] }],
        }],
      },
    }]);
    expect(result.outcomes.map((o) => [o.control, o.outcome])).toEqual([['3.8', 'FIXED'], ['3.9', 'FIXED']]);
    expect(await undo(result.journalPath!)).toBe(0);
    expect(auditTrail(account).advancedEventSelectors).toEqual([MANAGEMENT_ADVANCED, RAW_BUCKET_ADVANCED]);
    expect(auditTrail(account).eventSelectors).toBeUndefined();
  });

  it('no multi-region trail → GUIDANCE: the multi-region trail control\'s fix comes first; nothing written', async () => {
    const account = fresh();
    auditTrail(account).IsMultiRegionTrail = false;
    const { writes } = live(account);
    const { io, out } = fixIo();
    const result = await run({ yes: true }, io);
    expect(writes()).toEqual([]);
    expect(result.outcomes.map((o) => o.outcome)).toEqual(['GUIDANCE', 'GUIDANCE']);
    expect(out.stdout).toContain('(remediator trail-multi-region) creates cis-audit-trail or fixes an own trail in place — run it first');
  });

  it('a refused PutEventSelectors → APPLY_ERROR (exit 3), journaled as failed, the selectors unchanged', async () => {
    const account = fresh();
    account.errors = [...(account.errors ?? []), { service: 'cloudtrail', operation: 'PutEventSelectors', code: 'AccessDeniedException', message: 'denied' }];
    const { writes } = live(account);
    const result = await run({ yes: true });
    expect(writes()).toHaveLength(1);
    expect(outcomeOf(result, '3.9')?.outcome).toBe('APPLY_ERROR');
    expect(result.exitCode).toBe(3);
    expect(journalOf(result.journalPath!).steps.map((s) => s.status)).toEqual(['failed']);
    expect(auditTrail(account).eventSelectors).toEqual(AUDIT_TRAIL_SELECTORS);
  });
});
