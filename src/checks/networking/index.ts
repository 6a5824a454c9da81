import type { Check } from '../check.js';

export const networkingChecks: Check[] = [];
