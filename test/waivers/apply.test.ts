import { describe, expect, it } from 'vitest';
import { CIS_AWS_1_2_0, CIS_AWS_5_0_0 } from '../../src/benchmark/index.js';
import type { ControlDef } from '../../src/benchmark/control.js';
import { controlReason, controlStatus } from '../../src/engine/aggregate.js';
import type { Finding } from '../../src/model/finding.js';
import type { Status } from '../../src/model/status.js';
import { applyWaivers, isExpired, type WaivableControl } from '../../src/waivers/apply.js';
import type { Waiver } from '../../src/waivers/types.js';

const ACCOUNT = '210987654321';
const NOW = new Date('2026-11-01T09:30:00.000Z');
const scope = { account: ACCOUNT, evaluatedAt: NOW };

const def = (benchmark: typeof CIS_AWS_1_2_0, id: string): ControlDef => benchmark.controls.find((c) => c.id === id)!;
const finding = (status: Status, resource: string, region = 'global'): Finding => ({ status, resource, region, message: `${status} ${resource}`, evidence: [] });
const control = (d: ControlDef, findings: Finding[]): WaivableControl => {
  const status = controlStatus(findings, d.aggregation);
  return { control: d, status, reason: controlReason(status, findings), findings };
};
const waiver = (w: Partial<Waiver>): Waiver => ({ id: 'w', controls: ['1.16'], resources: ['**'], reason: 'legacy users', expires: '2026-12-31', line: 1, ...w });
const file = (...waivers: Waiver[]) => ({ path: 'w.yml', waivers });

const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
const c116 = () => control(def(CIS_AWS_1_2_0, '1.16'), [finding('FAIL', user('bob')), finding('FAIL', user('ci/deployer')), finding('PASS', user('alice'))]);

describe('applying waivers', () => {
  it('turns matching FAILs into SUPPRESSED with the waiver on the finding; the control is SUPPRESSED with its reason and expiry', () => {
    const { controls, usage } = applyWaivers([c116()], file(waiver({ id: 'legacy', owner: 'iam-team', ticket: 'SEC-9' })), scope);
    const c = controls[0]!;
    expect(c.findings.map((f) => f.status)).toEqual(['SUPPRESSED', 'SUPPRESSED', 'PASS']);
    expect(c.findings[0]!.suppressed).toEqual({ originalStatus: 'FAIL', waiver: 'legacy', reason: 'legacy users', expires: '2026-12-31', owner: 'iam-team', ticket: 'SEC-9' });
    expect(c.findings[0]!.message).toBe(`FAIL ${user('bob')}`);
    expect(c.status).toBe('SUPPRESSED');
    expect(c.reason).toBe('2 resources waived until 2026-12-31: legacy users');
    expect(usage).toEqual({ file: 'w.yml', active: [{ id: 'legacy', matched: 2, expires: '2026-12-31', reason: 'legacy users', owner: 'iam-team', ticket: 'SEC-9' }], expired: [], stale: [] });
  });

  it('globs: * stays within a path segment, ** crosses them; an exact ARN matches itself only', () => {
    const statuses = (resources: string[]) => applyWaivers([c116()], file(waiver({ resources })), scope).controls[0]!.findings.map((f) => f.status);
    expect(statuses([`arn:aws:iam::${ACCOUNT}:user/*`])).toEqual(['SUPPRESSED', 'FAIL', 'PASS']);
    expect(statuses([`arn:aws:iam::${ACCOUNT}:user/**`])).toEqual(['SUPPRESSED', 'SUPPRESSED', 'PASS']);
    expect(statuses([user('ci/deployer')])).toEqual(['FAIL', 'SUPPRESSED', 'PASS']);
    expect(statuses([`arn:aws:iam::*:user/b?b`])).toEqual(['SUPPRESSED', 'FAIL', 'PASS']);
    // One unwaived FAIL keeps the control FAIL.
    expect(applyWaivers([c116()], file(waiver({ resources: [user('bob')] })), scope).controls[0]!.status).toBe('FAIL');
  });

  it('accounts (from the ARN, else the scanned account) and regions narrow a waiver', () => {
    const sgs = control(def(CIS_AWS_1_2_0, '4.1'), [
      finding('FAIL', `arn:aws:ec2:us-east-1:${ACCOUNT}:security-group/sg-1`, 'us-east-1'),
      finding('FAIL', `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-2`, 'eu-west-1'),
      finding('FAIL', 'arn:aws:s3:::no-account-in-arn', 'eu-west-1'),
    ]);
    const statuses = (w: Partial<Waiver>) => applyWaivers([sgs], file(waiver({ controls: ['4.1'], ...w })), scope).controls[0]!.findings.map((f) => f.status);
    expect(statuses({ regions: ['eu-west-1'] })).toEqual(['FAIL', 'SUPPRESSED', 'SUPPRESSED']);
    expect(statuses({ accounts: [ACCOUNT] })).toEqual(['SUPPRESSED', 'SUPPRESSED', 'SUPPRESSED']);
    expect(statuses({ accounts: ['111111111111'] })).toEqual(['FAIL', 'FAIL', 'FAIL']);
    expect(statuses({ accounts: [ACCOUNT], regions: ['us-east-1'] })).toEqual(['SUPPRESSED', 'FAIL', 'FAIL']);
  });

  it('control ids: unqualified in every benchmark, qualified in that one only, sections and 3.* expand', () => {
    const v12 = control(def(CIS_AWS_1_2_0, '1.14'), [finding('FAIL', `arn:aws:iam::${ACCOUNT}:root`)]);
    const v5 = control(def(CIS_AWS_5_0_0, '1.14'), [finding('FAIL', user('bob'))]);
    const m37 = control(def(CIS_AWS_1_2_0, '3.7'), [finding('FAIL', `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/t`, 'us-east-1')]);
    const run = (controls: string[]) => applyWaivers([v12, v5, m37], file(waiver({ controls })), scope).controls.map((c) => c.status);
    expect(run(['1.14'])).toEqual(['SUPPRESSED', 'SUPPRESSED', 'FAIL']);
    expect(run(['cis-5.0.0/1.14'])).toEqual(['FAIL', 'SUPPRESSED', 'FAIL']);
    expect(run(['cis-1.2.0/1.14'])).toEqual(['SUPPRESSED', 'FAIL', 'FAIL']);
    expect(run(['3.*'])).toEqual(['FAIL', 'FAIL', 'SUPPRESSED']);
    expect(run(['3'])).toEqual(['FAIL', 'FAIL', 'SUPPRESSED']);
    expect(run(['1'])).toEqual(['SUPPRESSED', 'SUPPRESSED', 'FAIL']);
    // "1.1" is control 1.1, never 1.14.
    expect(run(['1.1'])).toEqual(['FAIL', 'FAIL', 'FAIL']);
  });

  it('ERROR, MANUAL and PASS are never suppressed; an ERROR keeps the control ERROR when its FAILs are waived', () => {
    const c = control(def(CIS_AWS_1_2_0, '1.16'), [finding('FAIL', user('bob')), finding('ERROR', user('carol')), finding('MANUAL', user('dan')), finding('PASS', user('eve'))]);
    const { controls, usage } = applyWaivers([c], file(waiver({})), scope);
    expect(controls[0]!.findings.map((f) => f.status)).toEqual(['SUPPRESSED', 'ERROR', 'MANUAL', 'PASS']);
    expect(controls[0]!.status).toBe('ERROR');
    expect(usage.active[0]!.matched).toBe(1);
  });

  it('any-of controls: PASS wins, a waived failing candidate makes SUPPRESSED, an unwaived one keeps FAIL', () => {
    const d = def(CIS_AWS_1_2_0, '3.7');
    const trail = (n: string) => `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/${n}`;
    const twoFailing = control(d, [finding('FAIL', trail('a'), 'us-east-1'), finding('FAIL', trail('b'), 'us-east-1')]);
    const run = (c: WaivableControl, resources: string[]) => applyWaivers([c], file(waiver({ controls: ['3.7'], resources })), scope).controls[0]!.status;
    expect(run(twoFailing, [trail('*')])).toBe('SUPPRESSED');
    expect(run(twoFailing, [trail('a')])).toBe('FAIL');
    expect(run(control(d, [finding('FAIL', trail('a'), 'us-east-1'), finding('PASS', trail('b'), 'us-east-1')]), [trail('a')])).toBe('PASS');
    expect(run(control(d, [finding('FAIL', trail('a'), 'us-east-1'), finding('ERROR', trail('b'), 'us-east-1')]), [trail('a')])).toBe('ERROR');
  });

  it('expiry at the evaluation time: a waiver holds through its expiry day (UTC), suppresses nothing after, and is listed as expired', () => {
    expect(isExpired({ expires: '2026-11-01' }, new Date('2026-11-01T23:59:59.999Z'))).toBe(false);
    expect(isExpired({ expires: '2026-11-01' }, new Date('2026-11-02T00:00:00.000Z'))).toBe(true);
    const holds = applyWaivers([c116()], file(waiver({ expires: '2026-11-01' })), scope);
    expect(holds.controls[0]!.status).toBe('SUPPRESSED');
    const later = applyWaivers([c116()], file(waiver({ expires: '2026-11-01' })), { ...scope, evaluatedAt: new Date('2026-11-02T00:00:00Z') });
    expect(later.controls[0]!.status).toBe('FAIL');
    expect(later.controls[0]!.findings.every((f) => f.suppressed === undefined)).toBe(true);
    expect(later.usage).toEqual({ file: 'w.yml', active: [], expired: [{ id: 'w', expires: '2026-11-01', reason: 'legacy users', wouldMatch: 2 }], stale: [] });
  });

  it('a waiver matching no FAIL is stale; an expired one covers while an active one for the same findings applies', () => {
    const { controls, usage } = applyWaivers(
      [c116()],
      file(waiver({ id: 'old', expires: '2026-01-01' }), waiver({ id: 'new', resources: [user('*')] }), waiver({ id: 'nothing', controls: ['2.*'] })),
      scope,
    );
    expect(controls[0]!.findings.map((f) => f.suppressed?.waiver)).toEqual(['new', undefined, undefined]);
    expect(usage.active.map((a) => [a.id, a.matched])).toEqual([['new', 1]]);
    expect(usage.expired.map((e) => [e.id, e.wouldMatch])).toEqual([['old', 2]]);
    expect(usage.stale).toEqual([{ id: 'nothing', expires: '2026-12-31', reason: 'legacy users' }]);
  });

  it('a waiver for other accounts only that matches nothing is out of scope, not stale; one that covers a finding there is active', () => {
    const other = '111111111111';
    const logs = control(def(CIS_AWS_1_2_0, '2.6'), [finding('FAIL', `arn:aws:s3:::trail-logs`)]);
    const cross = control(def(CIS_AWS_1_2_0, '1.16'), [finding('FAIL', `arn:aws:iam::${other}:user/shared`)]);
    const { usage } = applyWaivers(
      [c116(), logs, cross],
      file(
        waiver({ id: 'prod-only', accounts: [other, '222222222222'], resources: ['arn:aws:iam::*:user/bob'] }),
        waiver({ id: 'cross', accounts: [other], resources: [`arn:aws:iam::${other}:user/*`] }),
        waiver({ id: 'here', accounts: [ACCOUNT], controls: ['2.*'], resources: ['arn:aws:s3:::other'] }),
        waiver({ id: 'anywhere', controls: ['4.*'] }),
      ),
      scope,
    );
    expect(usage.outOfScope).toEqual([{ id: 'prod-only', expires: '2026-12-31', reason: 'legacy users', accounts: [other, '222222222222'] }]);
    expect(usage.active.map((a) => a.id)).toEqual(['cross']);
    // For this account, or for every account: this scan's to judge.
    expect(usage.stale.map((s) => s.id)).toEqual(['here', 'anywhere']);
    // No out-of-scope waiver, no field (reports written before it stay as they were).
    expect(applyWaivers([c116()], file(waiver({})), scope).usage).not.toHaveProperty('outOfScope');
  });
});
