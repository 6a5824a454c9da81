import { alternateContacts, contactInformation, type AlternateContact } from '../../collect/account-contacts.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, manual, pass, readErrorFinding } from '../findings.js';
import { readEvidence, unreadNote } from '../read-evidence.js';

const CONTACT = 'account:GetAlternateContact';
const describeContact = (c: AlternateContact | null) => (c ? { name: c.name, title: c.title, email: c.email, phone: c.hasPhone ? 'set' : 'missing' } : null);

/**
 * AWS must be able to reach the security team. CIS calls it Manual, but the Account API reads it: a SECURITY
 * alternate contact present → PASS, none (ResourceNotFoundException) → FAIL, unreadable → ERROR (Security Hub Account.1).
 */
export const securityContact: Check = {
  id: 'account-security-contact',
  description: 'A security alternate contact is registered (account:GetAlternateContact SECURITY)',
  needs: [alternateContacts],
  evaluate(state, ctx) {
    const resource = accountResource(ctx);
    const got = state.get(alternateContacts);
    if (!got.ok) return [readErrorFinding(resource, GLOBAL, got.error, 'the alternate contacts')];
    const c = got.value.SECURITY;
    const evidence = [{ source: CONTACT, field: 'AlternateContact[SECURITY]', value: describeContact(c), expected: 'a security contact' }];
    return c
      ? [pass(resource, GLOBAL, `security contact registered: ${c.name} <${c.email}>`, evidence)]
      : [fail(resource, GLOBAL, 'no security alternate contact is registered', evidence)];
  },
};

/** Whether the contacts are current is a person's judgment: the registered ones as evidence (MANUAL). */
export const contactDetails: Check = {
  id: 'account-contact-details',
  description: 'Evidence for current account contacts: primary contact and the billing, operations and security alternate contacts',
  needs: [contactInformation, alternateContacts],
  evidenceOnly: true,
  evaluate(state, ctx) {
    const info = state.get(contactInformation);
    const alternates = state.get(alternateContacts);
    const evidence = [
      readEvidence(info, 'account:GetContactInformation', 'ContactInformation', (c) => ({
        fullName: c.fullName, companyName: c.companyName, city: c.city, countryCode: c.countryCode,
        address: c.hasAddress ? 'set' : 'missing', phone: c.hasPhone ? 'set' : 'missing',
      })),
      readEvidence(alternates, CONTACT, 'AlternateContact[BILLING/OPERATIONS/SECURITY]', (v) => ({
        BILLING: describeContact(v.BILLING), OPERATIONS: describeContact(v.OPERATIONS), SECURITY: describeContact(v.SECURITY),
      })),
    ];
    const missing = alternates.ok ? (['BILLING', 'OPERATIONS', 'SECURITY'] as const).filter((t) => !alternates.value[t]) : [];
    const gaps = missing.length > 0 ? `no ${missing.join(', ')} alternate contact; ` : '';
    return [manual(accountResource(ctx), GLOBAL,
      `${gaps}confirm the primary contact and the alternate contacts reach people who can act (an email alias, a monitored phone)${unreadNote(info, alternates)}`,
      evidence)];
  },
};

/** No API reads the security challenge questions: what a person must check, as root, in the console (MANUAL). */
export const securityQuestions: Check = {
  id: 'account-security-questions',
  description: 'Security challenge questions cannot be read through any API: the console step to confirm them',
  needs: [],
  evidenceOnly: true,
  evaluate(_state, ctx) {
    return [manual(accountResource(ctx), GLOBAL,
      'no AWS API exposes the security challenge questions: sign in as root, open Account → "Configure security challenge questions", and confirm they are set and their answers are kept where the account owners can find them')];
  },
};
