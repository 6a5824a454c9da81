import { isAwsError } from '../aws/errors.js';
import { defineDatum } from './datum.js';

// The AWS Account API (global, served from the home region's endpoint): who AWS contacts about the account.
export interface AlternateContact {
  name: string;
  title: string;
  email: string;
  /** Whether a phone number is registered (the number itself is not kept). */
  hasPhone: boolean;
}

export const ALTERNATE_CONTACT_TYPES = ['SECURITY', 'OPERATIONS', 'BILLING'] as const;
export type AlternateContactType = (typeof ALTERNATE_CONTACT_TYPES)[number];

/** Each alternate contact, or null when none is registered (ResourceNotFoundException: absent, not unreadable). */
export const alternateContacts = defineDatum<Record<AlternateContactType, AlternateContact | null>>({
  key: 'account.alternateContacts',
  description: 'the account\'s security, operations and billing alternate contacts',
  reads: ['account:GetAlternateContact'],
  async load(ctx) {
    const entries = await Promise.all(ALTERNATE_CONTACT_TYPES.map(async (type) => {
      try {
        const out = await ctx.aws.call<{ AlternateContact?: { Name?: string; Title?: string; EmailAddress?: string; PhoneNumber?: string } }>(
          'account', ctx.homeRegion, 'GetAlternateContact', { AlternateContactType: type },
        );
        const c = out.AlternateContact;
        if (!c) throw new Error('GetAlternateContact returned no AlternateContact');
        return [type, { name: c.Name ?? '', title: c.Title ?? '', email: c.EmailAddress ?? '', hasPhone: !!c.PhoneNumber }] as const;
      } catch (err) {
        if (isAwsError(err, 'ResourceNotFoundException')) return [type, null] as const;
        throw err;
      }
    }));
    return Object.fromEntries(entries) as Record<AlternateContactType, AlternateContact | null>;
  },
});

export interface ContactInformation {
  fullName: string;
  companyName: string;
  city: string;
  countryCode: string;
  hasPhone: boolean;
  hasAddress: boolean;
}

/** The primary account contact (name, company, address, phone), as evidence for a person to confirm current. */
export const contactInformation = defineDatum<ContactInformation>({
  key: 'account.contactInformation',
  description: 'the account\'s primary contact information',
  reads: ['account:GetContactInformation'],
  async load(ctx) {
    const out = await ctx.aws.call<{ ContactInformation?: Record<string, string | undefined> }>('account', ctx.homeRegion, 'GetContactInformation', {});
    const c = out.ContactInformation;
    if (!c) throw new Error('GetContactInformation returned no ContactInformation');
    return {
      fullName: c.FullName ?? '', companyName: c.CompanyName ?? '', city: c.City ?? '', countryCode: c.CountryCode ?? '',
      hasPhone: !!c.PhoneNumber, hasAddress: !!c.AddressLine1,
    };
  },
});
