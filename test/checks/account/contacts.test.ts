import { describe, expect, it } from 'vitest';
import { contactDetails, securityContact, securityQuestions } from '../../../src/checks/account/contacts.js';
import { alternateContacts, contactInformation, type AlternateContact } from '../../../src/collect/account-contacts.js';
import { denied, evaluate, ok, ROOT_ARN, statuses } from '../../helpers/check-state.js';

const sec: AlternateContact = { name: 'Security Team', title: 'CISO', email: 'security@example.com', hasPhone: true };
const contacts = (SECURITY: AlternateContact | null, rest: AlternateContact | null = sec) => ok({ SECURITY, OPERATIONS: rest, BILLING: rest });
const info = ok({ fullName: 'Ops Lead', companyName: 'Example Ltd', city: 'Leeds', countryCode: 'GB', hasPhone: true, hasAddress: true });

describe('account-security-contact', () => {
  it('PASSes with a security alternate contact, naming it; the phone number is never kept', () => {
    const [f] = evaluate(securityContact, [[alternateContacts, contacts(sec)]]);
    expect(f).toMatchObject({ status: 'PASS', resource: ROOT_ARN, region: 'global', message: 'security contact registered: Security Team <security@example.com>' });
    expect(f!.evidence).toEqual([{ source: 'account:GetAlternateContact', field: 'AlternateContact[SECURITY]', value: { name: 'Security Team', title: 'CISO', email: 'security@example.com', phone: 'set' }, expected: 'a security contact' }]);
  });

  it('FAILs when none is registered (ResourceNotFoundException is absent, not unreadable)', () => {
    expect(evaluate(securityContact, [[alternateContacts, contacts(null)]])[0]).toMatchObject({ status: 'FAIL', message: 'no security alternate contact is registered' });
  });

  it('is ERROR when GetAlternateContact was denied or throttled', () => {
    for (const code of ['AccessDeniedException', 'TooManyRequestsException']) {
      const [f] = evaluate(securityContact, [[alternateContacts, denied('GetAlternateContact', code, 'account')]]);
      expect(f).toMatchObject({ status: 'ERROR', error: expect.objectContaining({ service: 'account', code }) });
    }
  });

  it('has nothing not applicable: every account has a contact slot (a missing one FAILs)', () => {
    expect(statuses(evaluate(securityContact, [[alternateContacts, ok({ SECURITY: null, OPERATIONS: null, BILLING: null })]]))).toEqual(['FAIL']);
  });
});

describe('account-contact-details (evidence only)', () => {
  it('is MANUAL with the primary and alternate contacts, naming the missing ones', () => {
    expect(contactDetails.evidenceOnly).toBe(true);
    const [f] = evaluate(contactDetails, [[contactInformation, info], [alternateContacts, contacts(null)]]);
    expect(f).toMatchObject({ status: 'MANUAL', resource: ROOT_ARN });
    expect(f!.message).toMatch(/^no SECURITY alternate contact; confirm the primary contact/);
    expect(f!.evidence[0]).toEqual({ source: 'account:GetContactInformation', field: 'ContactInformation', value: { fullName: 'Ops Lead', companyName: 'Example Ltd', city: 'Leeds', countryCode: 'GB', address: 'set', phone: 'set' } });
  });

  it('stays MANUAL with the read error in evidence and message when the Account API is denied', () => {
    const [f] = evaluate(contactDetails, [[contactInformation, denied('GetContactInformation', 'AccessDeniedException', 'account')], [alternateContacts, contacts(sec)]]);
    expect(f).toMatchObject({ status: 'MANUAL' });
    expect(f!.message).toContain('could not read: account:GetContactInformation');
    expect(f!.evidence[0]).toMatchObject({ source: 'account:GetContactInformation', field: 'error', value: { code: 'AccessDeniedException' } });
  });
});

describe('account-security-questions (evidence only)', () => {
  it('is MANUAL with the console step, reading nothing', () => {
    expect(securityQuestions.needs).toEqual([]);
    const [f] = evaluate(securityQuestions, []);
    expect(f).toMatchObject({ status: 'MANUAL', resource: ROOT_ARN, evidence: [] });
    expect(f!.message).toContain('Configure security challenge questions');
  });
});
