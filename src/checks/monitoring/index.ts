import type { Check } from '../check.js';
import { CIS_MONITORING_EVENTS } from './cis-patterns.js';
import { monitoringCheck } from './metric-filter-alarm.js';

export const monitoringChecks: Check[] = CIS_MONITORING_EVENTS.map(monitoringCheck);
