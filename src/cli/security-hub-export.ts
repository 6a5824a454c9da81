import { REGION_PATTERN } from '../collect/account.js';
import type { AwsTransport } from '../aws/transport.js';
import { UsageError } from '../model/errors.js';
import type { ScanReport } from '../report/model.js';

// `scan --to-security-hub`: the report's findings imported into Security Hub, rejections named, exit code adjusted.
export interface SecurityHubFlags {
  'to-security-hub'?: boolean;
  'security-hub-region'?: string;
  snapshot?: string;
}

/** Checked before any AWS call, like every other flag. */
export function checkSecurityHubFlags(flags: SecurityHubFlags): void {
  const region = flags['security-hub-region'];
  if (region !== undefined && !flags['to-security-hub']) throw new UsageError('--security-hub-region only applies with --to-security-hub');
  if (region !== undefined && !REGION_PATTERN.test(region)) throw new UsageError(`--security-hub-region ${JSON.stringify(region)} is not a region name`, 'for example --security-hub-region eu-west-1');
  if (flags['to-security-hub'] && flags.snapshot) {
    throw new UsageError('--to-security-hub sends findings with live credentials; it cannot be combined with --snapshot', 'write --report asff=findings.json and import it with aws securityhub batch-import-findings');
  }
}

/** Imports every finding; returns the exit code: a rejected finding makes a compliant scan exit 3 (1 still wins). */
export async function exportToSecurityHub(report: ScanReport, transport: AwsTransport, flags: SecurityHubFlags, exitCode: number, stderr: (s: string) => void): Promise<number> {
  const region = flags['security-hub-region'] ?? report.homeRegion;
  // Loaded only with --to-security-hub (startup time of every other scan).
  const [{ asffFindings }, { importFindings }] = await Promise.all([import('../report/asff.js'), import('../publish/security-hub.js')]);
  const findings = asffFindings(report, region);
  const outcome = await importFindings(transport, region, findings);
  stderr(`Security Hub (${region}): imported ${outcome.imported} of ${findings.length} findings in ${outcome.batches} batch(es)${outcome.failed.length > 0 ? `; ${outcome.failed.length} rejected` : ''}\n`);
  for (const f of outcome.failed.slice(0, 20)) stderr(`  rejected ${f.id}: ${f.code}${f.message ? ` (${f.message})` : ''}\n`);
  if (outcome.failed.length > 20) stderr(`  … and ${outcome.failed.length - 20} more rejected\n`);
  return outcome.failed.length > 0 && exitCode === 0 ? 3 : exitCode;
}
