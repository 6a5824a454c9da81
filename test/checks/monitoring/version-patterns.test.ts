import { describe, expect, it } from 'vitest';
import { BENCHMARKS, findBenchmark } from '../../../src/benchmark/index.js';
import {
  PATTERNS_1_4_0, PATTERNS_3_0_0, PATTERNS_5_0_0, ROUTE_TABLES_V4_SOURCE, SECURITY_GROUPS_V5, UNAUTHORIZED_V1_4, UNAUTHORIZED_V2,
} from '../../../src/benchmark/monitoring-patterns.js';
import { CIS_MONITORING_PATTERNS, type CisMonitoringEvent } from '../../../src/checks/monitoring/cis-patterns.js';
import { matchesEvent, parsePattern, patternsEquivalent } from '../../../src/patterns/index.js';
import { apiCall, denied } from '../../patterns/cloudtrail-events.js';
import { accepted, completeWorld, run, verdict } from './fixtures.js';

// Each benchmark version passes its own filter patterns to the monitoring checks (monitoringPatterns).

const eventOf = (checkId: string) => checkId.replace(/^monitoring-/, '') as CisMonitoringEvent;
const monitoringRows = (selector: string) =>
  findBenchmark(selector).controls.filter((c) => c.checks.some((id) => id.startsWith('monitoring-')));
const paramsOf = (selector: string, event: CisMonitoringEvent) =>
  monitoringRows(selector).find((c) => c.checks.includes(`monitoring-${event}`))!.params ?? {};

describe('per-version monitoring patterns', () => {
  it('every monitoring row of 1.4.0 and later passes its version\'s patterns; v1.2.0 keeps the defaults', () => {
    for (const b of BENCHMARKS) {
      const rows = monitoringRows(b.selector);
      expect(rows.length, b.selector).toBe(b.selector === 'cis-1.2.0' ? 14 : 15);
      for (const c of rows) {
        if (b.selector === 'cis-1.2.0') expect(c.params?.monitoringPatterns, c.id).toBeUndefined();
        else expect(c.params?.monitoringPatterns?.length, `${b.selector} ${c.id}`).toBeGreaterThan(0);
      }
    }
    expect(paramsOf('cis-1.4.0', 'unauthorized-api-calls').monitoringPatterns).toEqual([UNAUTHORIZED_V1_4]);
    for (const v of ['cis-3.0.0', 'cis-5.0.0', 'cis-6.0.0', 'cis-7.0.0']) {
      expect(paramsOf(v, 'unauthorized-api-calls').monitoringPatterns, v).toEqual([UNAUTHORIZED_V2]);
      expect(paramsOf(v, 'organizations-changes').monitoringPatterns, v).toEqual(CIS_MONITORING_PATTERNS['organizations-changes'].accepted);
    }
    for (const v of ['cis-1.4.0', 'cis-3.0.0']) {
      expect(paramsOf(v, 'security-group-changes').monitoringPatterns, v).toEqual(CIS_MONITORING_PATTERNS['security-group-changes'].accepted);
      expect(paramsOf(v, 'route-table-changes').monitoringPatterns, v).toEqual(CIS_MONITORING_PATTERNS['route-table-changes'].accepted);
    }
    for (const v of ['cis-5.0.0', 'cis-6.0.0', 'cis-7.0.0']) {
      expect(paramsOf(v, 'security-group-changes').monitoringPatterns, v).toEqual([SECURITY_GROUPS_V5]);
      expect(paramsOf(v, 'route-table-changes').monitoringPatterns, v).toEqual([accepted('route-table-changes'), ROUTE_TABLES_V4_SOURCE]);
    }
    // 3.2's SSO-friendly alternative is accepted from v1.4 on, beside the base form.
    for (const v of ['cis-1.4.0', 'cis-3.0.0', 'cis-5.0.0', 'cis-7.0.0']) {
      expect(paramsOf(v, 'console-signin-without-mfa').monitoringPatterns, v).toHaveLength(2);
    }
  });

  describe.each(BENCHMARKS.filter((b) => b.selector !== 'cis-1.2.0').map((b) => [b.selector] as const))('%s', (selector) => {
    for (const c of monitoringRows(selector)) {
      const event = eventOf(c.checks[0]!);
      it(`${c.id}: each prescribed text is accepted verbatim, also under --strict-patterns`, () => {
        for (const text of c.params!.monitoringPatterns!) {
          for (const strictPatterns of [false, true]) {
            const findings = run(event, completeWorld(text), { params: c.params!, options: { strictPatterns } });
            expect(verdict(findings), `${text} strict=${strictPatterns}`).toBe('PASS');
          }
        }
      });
    }
  });

  it('the v1.2.0 security-group text FAILs 5.0.0 4.10, naming the missing ModifySecurityGroupRules clause', () => {
    const params = paramsOf('cis-5.0.0', 'security-group-changes');
    const findings = run('security-group-changes', completeWorld(accepted('security-group-changes')), { params });
    expect(verdict(findings)).toBe('FAIL');
    const [f] = findings;
    expect(f!.message).toContain('missing');
    expect(f!.message).toContain('ModifySecurityGroupRules');
    expect(f!.evidence).toContainEqual(expect.objectContaining({
      source: 'logs:DescribeMetricFilters', field: 'filterPattern', expected: SECURITY_GROUPS_V5,
      value: expect.objectContaining({ missing: [expect.stringContaining('ModifySecurityGroupRules')], extra: [] }),
    }));
    // ...while v1.2.0 (no parameter) and v3.0.0 still accept it.
    expect(verdict(run('security-group-changes', completeWorld(accepted('security-group-changes'))))).toBe('PASS');
    expect(verdict(run('security-group-changes', completeWorld(accepted('security-group-changes')), { params: paramsOf('cis-3.0.0', 'security-group-changes') }))).toBe('PASS');
  });

  it('strict mode compares against the version\'s texts: an equivalent rewrite of the v5 text FAILs strict, PASSes by meaning', () => {
    const params = paramsOf('cis-5.0.0', 'security-group-changes');
    const reordered = '{ ($.eventName = ModifySecurityGroupRules) || ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }';
    expect(verdict(run('security-group-changes', completeWorld(reordered), { params }))).toBe('PASS');
    const strict = run('security-group-changes', completeWorld(reordered), { params, options: { strictPatterns: true } });
    expect(verdict(strict)).toBe('FAIL');
    expect(strict[0]!.message).toContain('--strict-patterns requires the prescribed text');
  });

  it('3.1 v2.0+ is compared by its meaning A || (B && C && D): the v1.4 all-|| text and the v1.2.0 text FAIL it', () => {
    const params = paramsOf('cis-5.0.0', 'unauthorized-api-calls');
    expect(patternsEquivalent(parsePattern(UNAUTHORIZED_V2), parsePattern(UNAUTHORIZED_V1_4))).toBe(false);
    // Explicit parentheses around the && group say the same thing as the text as written.
    const bracketed = '{ ($.errorCode = "*UnauthorizedOperation") || (($.errorCode = "AccessDenied*") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket")) }';
    expect(verdict(run('unauthorized-api-calls', completeWorld(bracketed), { params }))).toBe('PASS');
    const v12 = run('unauthorized-api-calls', completeWorld(accepted('unauthorized-api-calls')), { params });
    expect(verdict(v12)).toBe('FAIL');
    const v14 = run('unauthorized-api-calls', completeWorld(UNAUTHORIZED_V1_4), { params });
    expect(verdict(v14)).toBe('FAIL');
    // As written, a delivery.logs AccessDenied is excluded while an UnauthorizedOperation from anywhere still counts.
    const v2 = parsePattern(UNAUTHORIZED_V2);
    expect(matchesEvent(v2, { ...denied('s3.amazonaws.com', 'PutObject', 'AccessDenied', 'Access Denied'), sourceIPAddress: 'delivery.logs.amazonaws.com' })).toBe(false);
    expect(matchesEvent(v2, denied('ec2.amazonaws.com', 'RunInstances', 'Client.UnauthorizedOperation', 'no'))).toBe(true);
    // The v1.4 text, all ||, matches an ordinary successful call.
    expect(matchesEvent(parsePattern(UNAUTHORIZED_V1_4), apiCall('ec2.amazonaws.com', 'RunInstances'))).toBe(true);
  });

  it('3.13 v4+: both published forms PASS and are not equivalent to each other (precedence ties only CreateRoute to ec2)', () => {
    const params = paramsOf('cis-7.0.0', 'route-table-changes');
    expect(patternsEquivalent(parsePattern(ROUTE_TABLES_V4_SOURCE), parsePattern(accepted('route-table-changes')))).toBe(false);
    expect(verdict(run('route-table-changes', completeWorld(ROUTE_TABLES_V4_SOURCE), { params }))).toBe('PASS');
    expect(verdict(run('route-table-changes', completeWorld(ROUTE_TABLES_V4_SOURCE)))).toBe('FAIL');
  });

  it('the pattern sets build on each other: only the changed events differ', () => {
    const changed = (a: Record<string, readonly string[]>, b: Record<string, readonly string[]>) =>
      Object.keys(a).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
    const v12 = Object.fromEntries(Object.entries(CIS_MONITORING_PATTERNS).map(([k, v]) => [k, v.accepted]));
    expect(changed(PATTERNS_1_4_0, v12)).toEqual(['unauthorized-api-calls']);
    expect(changed(PATTERNS_3_0_0, PATTERNS_1_4_0)).toEqual(['unauthorized-api-calls']);
    expect(changed(PATTERNS_5_0_0, PATTERNS_3_0_0)).toEqual(['route-table-changes', 'security-group-changes']);
  });
});

describe('Organizations changes (v1.4.0 4.15 … v7.0.0 5.15)', () => {
  const params = paramsOf('cis-7.0.0', 'organizations-changes');

  it('PASS on the complete chain with the CIS text; the pattern matches Organizations writes only', () => {
    const [f] = run('organizations-changes', completeWorld(accepted('organizations-changes')), { params });
    expect(f!.status).toBe('PASS');
    expect(f!.message).toMatch(/org-trail → filter "cis-filter" → alarm "cis-alarm" → topic security-alerts/);
    const p = parsePattern(accepted('organizations-changes'));
    expect(matchesEvent(p, apiCall('organizations.amazonaws.com', 'AttachPolicy'))).toBe(true);
    expect(matchesEvent(p, apiCall('iam.amazonaws.com', 'AttachPolicy'))).toBe(false);
  });

  it('FAIL naming the missing event names when a filter leaves some out', () => {
    const short = accepted('organizations-changes').replace(' || ($.eventName = "LeaveOrganization")', '');
    const [f] = run('organizations-changes', completeWorld(short), { params });
    expect(f!.status).toBe('FAIL');
    expect(f!.message).toContain('LeaveOrganization');
  });

  it('FAIL (not NOT_APPLICABLE) when the account has no trail: the recommendation applies to every account', () => {
    const findings = run('organizations-changes', { ...completeWorld(accepted('organizations-changes')), trails: [] }, { params });
    expect(findings.map((f) => f.status)).toEqual(['FAIL']);
    expect(findings[0]!.message).toContain('no CloudTrail trail exists');
  });
});
