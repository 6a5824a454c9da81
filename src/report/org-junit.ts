import { attrs, benchmarkSuites, benchmarkView, count, junitDocument, xmlText, type Counts } from './junit.js';
import type { OrgAccountEntry, OrgReport } from './org-model.js';

// JUnit for an organisation: the single-account suites (one per section) for every account, named and packaged
// by account id, and for an account that could not be scanned one suite whose only testcase is the <error> why.
// Rendered account by account; the root's totals are summed as the suites are made.

function unscannedSuite(report: OrgReport, a: OrgAccountEntry): string {
  const why = a.error ? `${a.error.code}: ${a.error.message}` : 'the account could not be scanned';
  const open = `  <testsuite${attrs([
    ['name', `${a.account}${a.name ? ` ${a.name}` : ''} (not scanned)`], ['id', `${a.account}/account`], ['package', a.account],
    ['tests', 1], ['failures', 0], ['errors', 1], ['skipped', 0], ['time', '0'], ['timestamp', report.generatedAt],
  ])}>`;
  const testcase = `    <testcase${attrs([['name', `scan account ${a.account}`], ['classname', `${a.account}.account`], ['time', '0']])}>
      <error${attrs([['message', why], ['type', a.error?.code ?? 'ERROR']])}>${xmlText(`ERROR: every control of account ${a.account} is undecided: ${why}`)}</error>
    </testcase>`;
  return [open, testcase, '  </testsuite>'].join('\n');
}

export function renderOrgJunit(report: OrgReport): string {
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const add = (n: Counts) => {
    total.tests += n.tests;
    total.failures += n.failures;
    total.errors += n.errors;
    total.skipped += n.skipped;
  };
  const suites: string[] = [];
  for (const a of report.accounts) {
    if (!a.report) {
      add({ tests: 1, failures: 0, errors: 1, skipped: 0 });
      suites.push(unscannedSuite(report, a));
      continue;
    }
    const r = a.report;
    add(count(r.benchmarks.flatMap((b) => b.controls), r.failOn));
    for (const b of r.benchmarks) suites.push(...benchmarkSuites(benchmarkView(r, b), r.benchmarks.length > 1, a.account));
  }
  const name = `${report.benchmarks.map((b) => `${b.name} ${b.version}`).join(', ')}: ${report.accounts.length} accounts`;
  return junitDocument(name, total, suites);
}
