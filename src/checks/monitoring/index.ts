import type { Check } from '../check.js';

export const monitoringChecks: Check[] = [];
