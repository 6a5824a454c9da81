import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding.js';
import type { Status } from '../model/status.js';
import type { Renderer } from './format.js';
import type { BenchmarkReport, ControlReport, ScanReport } from './model.js';

// AWS Security Finding Format: one finding per control and resource, with a stable Id so a re-run updates the
// same finding in Security Hub instead of adding one.

export type AsffFinding = Record<string, unknown> & { Id: string };

const COMPLIANCE: Record<Status, 'PASSED' | 'FAILED' | 'WARNING' | 'NOT_AVAILABLE'> = {
  PASS: 'PASSED', FAIL: 'FAILED', SUPPRESSED: 'FAILED', ERROR: 'WARNING',
  NOT_APPLICABLE: 'NOT_AVAILABLE', NOT_IMPLEMENTED: 'NOT_AVAILABLE', MANUAL: 'NOT_AVAILABLE',
};

/** ASFF resource types for the ARNs cis-audit reports (Security Hub accepts "Other" for the rest). */
export function resourceType(arn: string): string {
  const m = /^arn:[^:]+:([^:]+):[^:]*:[^:]*:([^/:]+)/.exec(arn);
  if (!m) return 'Other';
  const [, service, kind] = m;
  const types: Record<string, string> = {
    'iam:root': 'AwsAccount', 'iam:user': 'AwsIamUser', 'iam:role': 'AwsIamRole', 'iam:policy': 'AwsIamPolicy', 'iam:group': 'AwsIamGroup',
    'ec2:security-group': 'AwsEc2SecurityGroup', 'ec2:vpc': 'AwsEc2Vpc', 'ec2:network-acl': 'AwsEc2NetworkAcl', 'ec2:instance': 'AwsEc2Instance',
    'cloudtrail:trail': 'AwsCloudTrailTrail', 'kms:key': 'AwsKmsKey', 'rds:db': 'AwsRdsDbInstance', 'logs:log-group': 'AwsLogsLogGroup',
    'elasticfilesystem:file-system': 'AwsEfsFileSystem',
  };
  if (service === 's3') return 'AwsS3Bucket';
  if (service === 'sns') return 'AwsSnsTopic';
  return types[`${service}:${kind}`] ?? 'Other';
}

const clip = (s: string, n: number) => (Array.from(s).length <= n ? s : `${Array.from(s).slice(0, n - 1).join('')}…`);

/** Stable per benchmark, control, resource and region: the same finding on every run. */
export function asffId(benchmark: string, control: string, f: Pick<Finding, 'resource' | 'region'>): string {
  const h = createHash('sha256').update(`${f.resource}\n${f.region}`).digest('hex').slice(0, 32);
  return `cis-audit/${benchmark}/${control}/${h}`;
}

function finding(report: ScanReport, b: BenchmarkReport, c: ControlReport, f: Finding, region: string): AsffFinding {
  const fix = c.remediation.kind === 'guidance' ? c.remediation.summary : `cis-audit fix --benchmark ${c.benchmark} --control ${c.id} (${c.remediation.summary})`;
  const resourceRegion = f.region === 'global' ? report.homeRegion : f.region;
  return {
    SchemaVersion: '2018-10-08',
    Id: asffId(c.benchmark, c.id, f),
    ProductArn: `arn:${report.partition}:securityhub:${region}:${report.account}:product/${report.account}/default`,
    GeneratorId: `cis-audit/${c.benchmark}/${c.id}`,
    AwsAccountId: report.account,
    Region: region,
    Types: ['Software and Configuration Checks/Industry and Regulatory Standards/CIS AWS Foundations Benchmark'],
    CreatedAt: report.evaluatedAt,
    UpdatedAt: report.evaluatedAt,
    Severity: { Label: f.status === 'PASS' ? 'INFORMATIONAL' : c.severity, Original: c.severity },
    Title: clip(`${b.benchmark.name} ${b.benchmark.version} ${c.id} ${c.title}`, 256),
    Description: clip(f.message || c.reason || c.title, 1024),
    Remediation: { Recommendation: { Text: clip(fix, 512) } },
    ProductFields: {
      'cis-audit/benchmark': c.benchmark, 'cis-audit/control': c.id, 'cis-audit/status': f.status, 'cis-audit/level': String(c.level),
      'cis-audit/assessment': c.assessment, ...(c.securityHub.length > 0 ? { 'cis-audit/securityHubControls': c.securityHub.join(',') } : {}),
    },
    Resources: [{ Type: resourceType(f.resource), Id: f.resource, Partition: report.partition, Region: resourceRegion }],
    Compliance: { Status: COMPLIANCE[f.status], RelatedRequirements: [`CIS AWS Foundations Benchmark v${b.benchmark.version}/${c.id}`] },
    Workflow: { Status: f.status === 'SUPPRESSED' ? 'SUPPRESSED' : f.status === 'PASS' ? 'RESOLVED' : 'NEW' },
    // A resource that passes now archives the finding it had while failing (same Id); failing ones stay active.
    RecordState: f.status === 'PASS' ? 'ARCHIVED' : 'ACTIVE',
  };
}

/** Every finding of every selected benchmark as ASFF, for import in `region` (ProductArn names the region). */
export function asffFindings(report: ScanReport, region: string = report.homeRegion): AsffFinding[] {
  return report.benchmarks.flatMap((b) => b.controls.flatMap((c) => c.findings.filter((f) => f.status !== 'NOT_IMPLEMENTED').map((f) => finding(report, b, c, f, region))));
}

export const renderAsff: Renderer = (report) => `${JSON.stringify({ Findings: asffFindings(report) }, null, 2)}\n`;
