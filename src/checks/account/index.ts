import type { Check } from '../check.js';
import { contactDetails, securityContact, securityQuestions } from './contacts.js';

// Account-level settings read through the AWS Account API (contacts) or only in the console.
export const accountChecks: Check[] = [contactDetails, securityContact, securityQuestions];
