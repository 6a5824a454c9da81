import type { Check } from '../check.js';
import { CIS_MONITORING_EVENTS } from './cis-patterns.js';
import { monitoringCheck } from './metric-filter-alarm.js';
import { securityHubEnabled } from './securityhub-enabled.js';

export const monitoringChecks: Check[] = CIS_MONITORING_EVENTS.map(monitoringCheck);

/** Monitoring checks beside the metric-filter chain. */
export const otherMonitoringChecks: Check[] = [securityHubEnabled];
