import type { Check } from '../check.js';

export const loggingChecks: Check[] = [];
