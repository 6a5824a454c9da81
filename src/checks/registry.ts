import type { Check } from './check.js';
import { accountChecks } from './account/index.js';
import { iamChecks } from './iam/index.js';
import { loggingChecks } from './logging/index.js';
import { monitoringChecks, otherMonitoringChecks } from './monitoring/index.js';
import { networkingChecks } from './networking/index.js';
import { storageChecks } from './storage/index.js';
import { organizationsChecks } from './organizations/index.js';

// Every check the tool has, by id. Benchmarks refer to these ids.
export const ALL_CHECKS: readonly Check[] = [
  ...iamChecks, ...loggingChecks, ...monitoringChecks, ...otherMonitoringChecks, ...networkingChecks, ...storageChecks, ...accountChecks, ...organizationsChecks,
];

const byId = new Map(ALL_CHECKS.map((c) => [c.id, c]));

export function findCheck(id: string): Check | undefined {
  return byId.get(id);
}
