import type { OrgReport } from './org-model.js';
import { REPORTED, result, rule, ruleId, SARIF_SCHEMA_URI, sarifTool } from './sarif.js';

// SARIF for an organisation: ONE run (GitHub code scanning no longer accepts several runs of one tool and category
// in one upload) with one rule per control and the results of every account, each carrying its account in
// `properties.account` and in its location (aws/ACCOUNT/REGION/RESOURCE). An account that could not be scanned is
// a tool execution notification (level error) with the reason: it has no results, and is not a pass.

export function renderOrgSarif(report: OrgReport): string {
  const rules: unknown[] = [];
  const ruleIndex = new Map<string, number>();
  const results: unknown[] = [];
  for (const a of report.accounts) {
    const r = a.report;
    if (!r) continue;
    for (const c of r.benchmarks.flatMap((b) => b.controls)) {
      const id = ruleId(c);
      if (!ruleIndex.has(id)) {
        ruleIndex.set(id, rules.length);
        rules.push(rule(c, r));
      }
      for (const f of c.findings) {
        if (!REPORTED.has(f.status)) continue;
        const res = result(c, f, r, ruleIndex.get(id)!);
        results.push({ ...res, properties: { ...res.properties, account: a.account, ...(a.name !== undefined ? { accountName: a.name } : {}) } });
      }
    }
  }
  const unscanned = report.accounts.filter((a) => a.status === 'ERROR');
  const sarif = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: sarifTool(report.tool, rules),
      automationDetails: { id: 'cis-audit/organization/' },
      invocations: [{
        executionSuccessful: unscanned.length === 0,
        exitCode: report.exitCode,
        endTimeUtc: report.generatedAt,
        toolExecutionNotifications: unscanned.map((a) => ({
          level: 'error',
          message: { text: `account ${a.account}${a.name ? ` (${a.name})` : ''} could not be scanned: ${a.error ? `${a.error.code}: ${a.error.message}` : 'no reason recorded'}` },
          properties: { account: a.account, ...(a.error ? { code: a.error.code } : {}) },
        })),
      }],
      properties: {
        accounts: report.accounts.map((a) => ({ account: a.account, ...(a.name !== undefined ? { name: a.name } : {}), status: a.status, exitCode: a.exitCode })),
        benchmarks: report.benchmarks.map((b) => b.selector),
        failOn: report.failOn,
        ...(report.shard ? { shard: { index: report.shard.index, count: report.shard.count } } : {}),
      },
      results,
    }],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
