import { isMultiAccount, orgFlags, rejectOrgOnlyFlags, roleFlags } from '../cli/account-flags.js';
import { Command, Flags } from '@oclif/core';
import { reportFailure } from '../cli/fail.js';
import { fixFlags } from '../cli/fix-flags.js';
import { selectionFlags, waiverFlags } from '../cli/flags.js';
import { withHelpGroups } from '../cli/help-groups.js';
import { processIo } from '../cli/io.js';
import { UsageError } from '../cli/errors.js';
import { checkScanFlagCombination } from '../cli/flag-rules.js';
import { withInterruptCleanup } from '../cli/output.js';
import { scanCommand } from '../cli/run-scan.js';
import type { ScanReport } from '../report/model.js';
import type { OrgReport } from '../report/org-model.js';
import { FORMATS } from '../report/format.js';
import { filterFlags } from '../cli/finding-filters.js';

export default class Scan extends Command {
  static override summary = 'Scan an AWS account (or a snapshot) against CIS AWS Foundations (v1.2.0 by default; --benchmark for 1.4.0 … 7.0.0).';
  static override description = `Exit codes: 0 compliant; 1 a FAIL at or above --fail-on; 2 usage or configuration error; 3 incomplete (a control ERROR or NOT_IMPLEMENTED and no qualifying FAIL).`;
  static override usage = 'scan [FLAGS]';
  static override examples = [
    '<%= config.bin %> scan',
    '<%= config.bin %> scan --control 1 --control 3.4 --region eu-west-1',
    '<%= config.bin %> scan --format junit --output cis.xml --report json=cis.json',
    '<%= config.bin %> scan --snapshot examples/demo-account.json',
    '<%= config.bin %> scan --benchmark cis-5.0.0 --level 1',
    '<%= config.bin %> scan --waivers .cis-audit.yml --fail-on-stale-waivers',
    '<%= config.bin %> scan --role-arn arn:aws:iam::111122223333:role/cis-audit-read-only --external-id EXAMPLE',
    '<%= config.bin %> scan --org --org-role-name cis-audit-read-only --format json --output org.json',
  ];
  static override enableJsonFlag = true;

  static override flags = withHelpGroups({
    ...selectionFlags,
    ...roleFlags,
    ...orgFlags,
    format: Flags.string({ char: 'f', options: [...FORMATS], default: 'table', description: 'report format' }),
    output: Flags.string({ char: 'o', description: 'write the report to this file instead of stdout' }),
    report: Flags.string({ multiple: true, description: 'extra report FORMAT=PATH in the same run (repeatable)' }),
    'all-findings': Flags.boolean({ default: false, description: 'table: list every failing/unreadable resource of a control (default: the first 10)' }),
    'fail-on': Flags.string({ default: 'LOW', description: 'lowest severity whose FAIL makes the exit code 1 (LOW, MEDIUM, HIGH, CRITICAL)' }),
    'to-security-hub': Flags.boolean({ default: false, description: 'after the scan, import the findings into Security Hub (BatchImportFindings, ASFF); a rejected finding makes the exit code 3 unless it is 1' }),
    'security-hub-region': Flags.string({ description: 'region whose Security Hub receives the findings (default: the home region)' }),
    ...filterFlags,
    'step-summary': Flags.boolean({ default: true, allowNo: true, description: 'on GitHub Actions, append a Markdown summary to $GITHUB_STEP_SUMMARY (--no-step-summary to skip)' }),
    snapshot: Flags.string({ description: 'replay a snapshot recorded by `collect` (no credentials or network used)' }),
    now: Flags.string({ description: 'evaluation time for time-based controls (ISO; default: collection time)' }),
    ...waiverFlags,
    fix: Flags.boolean({ default: false, description: 'after the report, fix the failing controls (as `cis-audit fix`; the exit code is then fix\'s)' }),
    ...fixFlags,
  });

  async run(): Promise<ScanReport | OrgReport | undefined> {
    const { flags, metadata } = await this.parse(Scan);
    try {
      const formatGiven = flags.format !== undefined && metadata.flags.format?.setFromDefault !== true;
      checkScanFlagCombination({ ...flags, json: this.jsonEnabled(), formatGiven });
      if (flags.fix && flags.snapshot) throw new UsageError('--fix changes a live account; it cannot be combined with --snapshot');
      if (flags.fix && this.jsonEnabled()) throw new UsageError('--fix prints a plan and outcomes; use --output/--report for the JSON report');
      const io = processIo();
      const tool = { name: this.config.name, version: this.config.version };
      if (isMultiAccount(flags)) {
        if (flags.fix) throw new UsageError('--fix cannot change several accounts at once', 'use `cis-audit fix --accounts ID,… --org-role-name NAME` to fix named accounts, one journal each');
        // src/cli/run-org-scan.ts is loaded only for multi-account scans.
        const { orgScanCommand } = await import('../cli/run-org-scan.js');
        const org = await withInterruptCleanup(() => orgScanCommand(flags, io, tool, this.jsonEnabled()));
        process.exitCode = org.exitCode;
        return org.report;
      }
      rejectOrgOnlyFlags(flags);
      const outcome = await withInterruptCleanup(() => scanCommand(flags, io, tool, this.jsonEnabled()));
      process.exitCode = outcome.exitCode;
      if (flags.fix) {
        io.stdout('\n');
        // src/fix (remediators, journal, writer) is loaded only for --fix: a plain scan starts without it.
        const { fixScanned } = await import('../fix/run-fix.js');
        process.exitCode = (await fixScanned(outcome.result, outcome.request, flags, io, tool)).exitCode;
      }
      return outcome.report;
    } catch (err) {
      process.exitCode = reportFailure(err, flags.debug);
      return undefined;
    }
  }
}
