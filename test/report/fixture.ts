import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/check.js';
import type { AwsReader } from '../../src/aws/reader.js';
import { CIS_AWS_1_2_0 } from '../../src/benchmark/cis-aws-1.2.0.js';
import { controlReason, controlStatus } from '../../src/engine/aggregate.js';
import { scanExitCode } from '../../src/engine/exit-code.js';
import type { ControlResult, ScanResult } from '../../src/engine/scan.js';
import type { Finding } from '../../src/model/finding.js';
import type { ReadError } from '../../src/model/got.js';
import type { Severity, Status } from '../../src/model/status.js';
import { buildReport, type ScanReport } from '../../src/report/model.js';

// A report covering every status in sections 1–4, built the way the scan builds it, with hostile strings.

export const ACCOUNT = '123456789012';
export const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
export const user = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;
export const sg = (region: string, id: string) => `arn:aws:ec2:${region}:${ACCOUNT}:security-group/${id}`;

/** Characters that must be escaped or removed: markup, quotes, a bell, a terminal escape, non-ASCII. */
export const NASTY = `<b>"quoted" & 'single' \u0007bell \u001b[31mred ünïcødé ✓ 🚀`;
/** NASTY as it survives into XML text: the characters XML 1.0 forbids removed, the rest kept. */
export const NASTY_IN_XML = NASTY.replace(/[\u0007\u001b]/g, '');
export const NASTY_USER = user(`o'brien&<ops>`);

/** 1.2 fails for twelve users: more than the ten any renderer lists inline. */
export const MFA_USERS = [NASTY_USER, ...Array.from({ length: 11 }, (_, i) => user(`user-${String(i + 1).padStart(2, '0')}`))];
export const SSH_OPEN = [sg('us-east-1', 'sg-0a1b2c3d'), sg('eu-west-1', 'sg-0e0f0a0b')];

export const TRAIL_DENIED: ReadError = {
  service: 'cloudtrail',
  operation: 'GetTrailStatus',
  region: 'eu-west-1',
  code: 'AccessDenied',
  message: `User is not authorized to perform <cloudtrail:GetTrailStatus> & "friends"`,
};
const CONFIG_THROTTLED: ReadError = { service: 'config', operation: 'DescribeConfigurationRecorders', region: 'ap-south-1', code: 'ThrottlingException', message: 'Rate exceeded' };
const CONFIG_TIMEOUT: ReadError = { service: 'config', operation: 'DescribeConfigurationRecorders', region: 'sa-east-1', code: 'TimeoutError', message: '' };

const f = (status: Status, resource: string, region: string, message: string, evidence: Finding['evidence'] = []): Finding => ({
  status,
  resource,
  region,
  message,
  evidence,
});
const errorFinding = (resource: string, e: ReadError): Finding => ({
  ...f('ERROR', resource, e.region, `${e.service}:${e.operation} in ${e.region} failed: ${e.code}`, [
    { source: `${e.service}:${e.operation}`, field: 'error', value: { code: e.code, message: e.message } },
  ]),
  error: e,
});

export const FINDINGS: Record<string, Finding[]> = {
  '1.1': [f('PASS', ROOT, 'global', 'root not used in the last 90 days', [{ source: 'credential report', field: 'password_last_used', value: 'N/A', expected: 'not within 90 days' }])],
  '1.2': MFA_USERS.map((arn, i) =>
    f('FAIL', arn, 'global', i === 0 ? `console password without MFA: ${NASTY}` : 'console password without MFA', [
      { source: 'credential report', field: 'password_enabled', value: 'true' },
      { source: 'credential report', field: 'mfa_active', value: 'false', expected: 'true' },
    ]),
  ),
  '1.9': [
    f('FAIL', ROOT, 'global', 'password policy minimum length is 8, below 14; the policy was last changed by an administrator who preferred shorter passwords', [
      { source: 'iam:GetAccountPasswordPolicy', field: 'MinimumPasswordLength', value: 8, expected: '>= 14' },
    ]),
  ],
  '1.12': [f('PASS', ROOT, 'global', 'no root access keys', [{ source: 'iam:GetAccountSummary', field: 'AccountAccessKeysPresent', value: 0, expected: '0' }])],
  '2.1': [
    f('FAIL', `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management`, 'us-east-1', 'trail is not multi-region', [
      { source: 'cloudtrail:DescribeTrails', field: 'IsMultiRegionTrail', value: false, expected: 'true' },
    ]),
    errorFinding(`arn:aws:cloudtrail:eu-west-1:${ACCOUNT}:trail/org`, TRAIL_DENIED),
  ],
  '2.5': [
    f('PASS', `arn:aws:config:us-east-1:${ACCOUNT}:config-recorder/default`, 'us-east-1', 'recorder records all resource types'),
    errorFinding(`arn:aws:config:ap-south-1:${ACCOUNT}:config-recorder`, CONFIG_THROTTLED),
    errorFinding(`arn:aws:config:sa-east-1:${ACCOUNT}:config-recorder`, CONFIG_TIMEOUT),
  ],
  '2.8': [f('NOT_APPLICABLE', ROOT, 'us-east-1', 'no customer-managed symmetric KMS keys', [{ source: 'kms:ListKeys', field: 'Keys', value: [] }])],
  '3.1': [f('NOT_IMPLEMENTED', ROOT, 'global', 'no check is implemented for this control yet')],
  '3.3': [
    f('PASS', `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/management`, 'us-east-1', 'filter, alarm, topic and confirmed subscription in place', [
      { source: 'logs:DescribeMetricFilters', field: 'filterPattern', value: '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }' },
    ]),
  ],
  '4.1': [
    f('FAIL', SSH_OPEN[0]!, 'us-east-1', 'ingress from 0.0.0.0/0 to port 22', [
      { source: 'ec2:DescribeSecurityGroupRules', field: 'CidrIpv4', value: '0.0.0.0/0', expected: 'no rule open to the world on 22' },
    ]),
    f('FAIL', SSH_OPEN[1]!, 'eu-west-1', 'ingress from ::/0 to ports 0-65535 (protocol -1)', [
      { source: 'ec2:DescribeSecurityGroupRules', field: 'CidrIpv6', value: '::/0', expected: 'no rule open to the world on 22' },
    ]),
    f('PASS', sg('us-east-1', 'sg-00000001'), 'us-east-1', 'no public ingress to 22'),
  ],
  '4.3': [f('SUPPRESSED', sg('us-east-1', 'sg-default'), 'us-east-1', 'waived: legacy VPC')],
};

export const EXPECTED_STATUS: Record<string, Status> = {
  '1.1': 'PASS',
  '1.2': 'FAIL',
  '1.9': 'FAIL',
  '1.12': 'PASS',
  '2.1': 'ERROR',
  '2.5': 'ERROR',
  '2.8': 'NOT_APPLICABLE',
  '3.1': 'NOT_IMPLEMENTED',
  '3.3': 'PASS',
  '4.1': 'FAIL',
  '4.3': 'SUPPRESSED',
};

export interface FixtureOptions {
  failOn?: Severity;
  source?: ScanReport['source'];
  controls?: string[];
  warnings?: string[];
}

export function fixtureReport(opts: FixtureOptions = {}): ScanReport {
  const ids = opts.controls ?? Object.keys(FINDINGS);
  const controls: ControlResult[] = CIS_AWS_1_2_0.controls
    .filter((c) => ids.includes(c.id))
    .map((control) => {
      const findings = FINDINGS[control.id]!;
      // SUPPRESSED is reserved for waivers: no aggregation produces it yet, so it is set directly.
      const status = control.id === '4.3' ? 'SUPPRESSED' : controlStatus(findings, control.aggregation);
      return { control, status, reason: controlReason(status, findings), findings };
    });
  const failOn = opts.failOn ?? 'LOW';
  const result: ScanResult = {
    identity: { account: ACCOUNT, partition: 'aws', arn: `arn:aws:iam::${ACCOUNT}:user/auditor` },
    homeRegion: 'us-east-1',
    regions: ['us-east-1', 'eu-west-1', 'ap-south-1', 'sa-east-1'],
    collectedAt: new Date('2024-05-01T12:00:00.000Z'),
    evaluatedAt: new Date('2024-05-01T12:00:00.000Z'),
    controls,
    reader: {} as AwsReader,
    data: new Map(),
    context: {
      now: new Date('2024-05-01T12:00:00.000Z'), account: ACCOUNT, partition: 'aws', homeRegion: 'us-east-1',
      regions: ['us-east-1', 'eu-west-1', 'ap-south-1', 'sa-east-1'], options: DEFAULT_CHECK_OPTIONS, params: {},
    },
    warnings: opts.warnings ?? [],
    unexpectedErrors: [],
  };
  return buildReport(result, {
    tool: { name: 'cis-audit', version: '0.1.0' },
    benchmarks: [CIS_AWS_1_2_0],
    source: opts.source ?? { kind: 'live' },
    failOn,
    exitCode: scanExitCode(
      controls.map((c) => ({ status: c.status, severity: c.control.severity })),
      failOn,
    ),
  });
}
