import type { Check } from '../check.js';
import {
  authorizationGuardrails, centralizedRootAccess, delegatedAdminPolicies, delegatedAdminServices, managementAccountWorkloads, ouStructure,
} from './org-checks.js';

// AWS Organizations recommendations (CIS v7.0.0 2.1.x): one verdict, the rest evidence for a person.
export const organizationsChecks: Check[] = [
  centralizedRootAccess, authorizationGuardrails, managementAccountWorkloads, ouStructure, delegatedAdminPolicies, delegatedAdminServices,
];
