import { createHash } from 'node:crypto';
import type { Finding } from '../model/finding.js';
import { describeReadError } from '../model/got.js';
import type { Severity } from '../model/status.js';
import type { Renderer } from './format.js';
import type { ControlReport, ScanReport } from './model.js';

// SARIF 2.1.0 for GitHub code scanning (and any SARIF viewer): one rule per control, one result per FAIL finding
// (ERROR findings as warnings: an unreadable control is not a pass), suppressions for waived findings.

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';

/** GitHub ranks alerts by `security-severity` (0–10): critical ≥ 9, high ≥ 7, medium ≥ 4, low below. */
const SECURITY_SEVERITY: Record<Severity, string> = { CRITICAL: '9.5', HIGH: '8.0', MEDIUM: '5.5', LOW: '3.0' };
const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { CRITICAL: 'error', HIGH: 'error', MEDIUM: 'warning', LOW: 'note' };

export const ruleId = (c: Pick<ControlReport, 'benchmark' | 'id'>) => `${c.benchmark}/${c.id}`;

/** Stable across runs for the same control, resource and region, so GitHub tracks one alert instead of new ones. */
export function fingerprint(c: Pick<ControlReport, 'benchmark' | 'id'>, f: Pick<Finding, 'resource' | 'region'>): string {
  return createHash('sha256').update(`${ruleId(c)}\n${f.resource}\n${f.region}`).digest('hex');
}

/** Cloud resources have no file: a stable pseudo-path per account, region and resource (documented in docs/reports.md). */
export function resourcePath(account: string, f: Pick<Finding, 'resource' | 'region'>): string {
  return `aws/${account}/${f.region}/${encodeURIComponent(f.resource)}`;
}

export function rule(c: ControlReport, report: ScanReport) {
  const fix = c.remediation.kind === 'guidance'
    ? `Guidance: ${c.remediation.summary}.`
    : `cis-audit fix --benchmark ${c.benchmark} --control ${c.id}${c.remediation.kind === 'opt-in' ? ' --allow-disruptive' : ''} (${c.remediation.summary}); preview with --dry-run.`;
  const benchmark = report.benchmarks.find((b) => b.benchmark.selector === c.benchmark)?.benchmark ?? report.benchmark;
  const where = `${benchmark.name} ${benchmark.version} ${c.id}`;
  return {
    id: ruleId(c),
    name: `CIS ${benchmark.version} ${c.id}`,
    shortDescription: { text: c.title },
    fullDescription: { text: `${where}: ${c.title} (Level ${c.level}, ${c.assessment}${c.securityHub.length > 0 ? `; Security Hub ${c.securityHub.join(', ')}` : ''}).` },
    help: { text: `${c.title}\n\nRemediation: ${fix}`, markdown: `**${where}**: ${c.title}\n\n**Remediation:** ${fix.replace(/^(cis-audit fix [^(]+)/, '`$1`')}` },
    defaultConfiguration: { level: LEVEL[c.severity] },
    properties: {
      'security-severity': SECURITY_SEVERITY[c.severity],
      tags: ['security', 'cis', `cis-${benchmark.version}`, c.sectionTitle, `level-${c.level}`, c.assessment],
      precision: 'very-high',
    },
  };
}

export function result(c: ControlReport, f: Finding, report: ScanReport, ruleIndex: number) {
  const erroring = f.status === 'ERROR';
  const text = erroring ? `Could not decide: ${f.error ? describeReadError(f.error) : f.message}` : f.message;
  return {
    ruleId: ruleId(c),
    ruleIndex,
    level: erroring ? 'warning' : LEVEL[c.severity],
    message: { text: `${c.id} ${c.title}: ${text}` },
    locations: [{
      physicalLocation: { artifactLocation: { uri: resourcePath(report.account, f) }, region: { startLine: 1 } },
      logicalLocations: [{ fullyQualifiedName: f.resource, kind: 'resource' }],
    }],
    partialFingerprints: { 'cisAuditFinding/v1': fingerprint(c, f) },
    properties: { status: f.status, region: f.region, resource: f.resource, evidence: f.evidence },
    ...(f.status === 'SUPPRESSED' ? { suppressions: [{ kind: 'external', status: 'accepted', justification: justification(f) }] } : {}),
  };
}

/** The waiver's reason, owner and expiry, as a reviewer of the SARIF wants them. */
function justification(f: Finding): string {
  const s = f.suppressed;
  if (!s) return f.message;
  const who = [s.owner, s.ticket].filter(Boolean).join(', ');
  return `waiver ${s.waiver} until ${s.expires}: ${s.reason}${who ? ` (${who})` : ''}`;
}

export const REPORTED = new Set(['FAIL', 'ERROR', 'SUPPRESSED']);

/** The run's tool: cis-audit, with the rules its results point at by index. */
export function sarifTool(tool: ScanReport['tool'], rules: unknown[]) {
  return { driver: { name: tool.name, version: tool.version, semanticVersion: tool.version, informationUri: 'https://www.cisecurity.org/benchmark/amazon_web_services', rules } };
}

export const renderSarif: Renderer = (report) => {
  const controls = report.benchmarks.flatMap((b) => b.controls);
  const rules = controls.map((c) => rule(c, report));
  const results = controls.flatMap((c, i) => c.findings.filter((f) => REPORTED.has(f.status)).map((f) => result(c, f, report, i)));
  const sarif = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: sarifTool(report.tool, rules),
      automationDetails: { id: `cis-audit/${report.account}/` },
      invocations: [{ executionSuccessful: true, exitCode: report.exitCode, endTimeUtc: report.evaluatedAt }],
      properties: {
        account: report.account, partition: report.partition, regions: report.regions, benchmarks: report.benchmarks.map((b) => b.benchmark.selector),
        collectedAt: report.collectedAt, source: report.source,
      },
      results,
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
};
