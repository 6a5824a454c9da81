import type { ScanReport } from '../../src/report/model.js';
import { fixtureReport } from './fixture.js';

// The fixture report with markup in a resource name and a message, as an attacker naming a resource would write it.

export const INJECTED_RESOURCE = `arn:aws:iam::123456789012:user/<script>window.__pwned=1</script>"><img src=x onerror="window.__pwned=2">`;
export const INJECTED_MESSAGE = `no MFA "><img src=x onerror="window.__pwned=3"><script>window.__pwned=4</script>`;

/** 1.2's second finding renamed: same statuses and counts as fixtureReport(). */
export function hostileReport(): ScanReport {
  const report = fixtureReport();
  const mfa = report.controls.find((c) => c.id === '1.2')!;
  mfa.findings[1] = { ...mfa.findings[1]!, resource: INJECTED_RESOURCE, message: INJECTED_MESSAGE };
  return report;
}
