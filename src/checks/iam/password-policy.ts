import { passwordPolicy, type PasswordPolicy } from '../../collect/iam.js';
import type { Evidence } from '../../model/finding.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, pass, readErrorFinding } from '../findings.js';

const SOURCE = 'iam:GetAccountPasswordPolicy';

interface Requirement {
  id: string;
  description: string;
  fields: Array<keyof PasswordPolicy>;
  expected: string;
  holds(p: PasswordPolicy): boolean;
}

/** One check per password-policy requirement; no policy at all (NoSuchEntity) fails every one of them. */
function policyCheck(req: Requirement): Check {
  return {
    id: req.id,
    description: req.description,
    needs: [passwordPolicy],
    evaluate(state, ctx) {
      const resource = accountResource(ctx);
      const got = state.get(passwordPolicy);
      if (!got.ok) return [readErrorFinding(resource, GLOBAL, got.error, 'the password policy')];
      const policy = got.value;
      if (policy === null) {
        return [
          fail(resource, GLOBAL, 'the account has no password policy', [
            { source: SOURCE, field: 'PasswordPolicy', value: null, expected: `a policy with ${req.expected}` },
          ]),
        ];
      }
      const evidence: Evidence[] = req.fields.map((field, i) => ({
        source: SOURCE,
        field,
        value: policy[field] ?? null,
        ...(i === 0 ? { expected: req.expected } : {}),
      }));
      const shown = req.fields.map((f) => `${f}=${policy[f] ?? 'unset'}`).join(', ');
      return req.holds(policy)
        ? [pass(resource, GLOBAL, `password policy: ${shown}`, evidence)]
        : [fail(resource, GLOBAL, `password policy: ${shown}; expected ${req.expected}`, evidence)];
    },
  };
}

export const passwordRequiresUppercase = policyCheck({
  id: 'iam-password-requires-uppercase',
  description: 'Password policy requires at least one uppercase letter',
  fields: ['RequireUppercaseCharacters'],
  expected: 'RequireUppercaseCharacters=true',
  holds: (p) => p.RequireUppercaseCharacters === true,
});

export const passwordRequiresLowercase = policyCheck({
  id: 'iam-password-requires-lowercase',
  description: 'Password policy requires at least one lowercase letter',
  fields: ['RequireLowercaseCharacters'],
  expected: 'RequireLowercaseCharacters=true',
  holds: (p) => p.RequireLowercaseCharacters === true,
});

export const passwordRequiresSymbols = policyCheck({
  id: 'iam-password-requires-symbols',
  description: 'Password policy requires at least one symbol',
  fields: ['RequireSymbols'],
  expected: 'RequireSymbols=true',
  holds: (p) => p.RequireSymbols === true,
});

export const passwordRequiresNumbers = policyCheck({
  id: 'iam-password-requires-numbers',
  description: 'Password policy requires at least one number',
  fields: ['RequireNumbers'],
  expected: 'RequireNumbers=true',
  holds: (p) => p.RequireNumbers === true,
});

export const passwordMinLength = policyCheck({
  id: 'iam-password-min-length',
  description: 'Password policy requires a minimum length of 14 or more',
  fields: ['MinimumPasswordLength'],
  expected: 'MinimumPasswordLength>=14',
  holds: (p) => (p.MinimumPasswordLength ?? 0) >= 14,
});

export const passwordReusePrevention = policyCheck({
  id: 'iam-password-reuse-prevention',
  description: 'Password policy prevents reuse of the last 24 passwords',
  fields: ['PasswordReusePrevention'],
  expected: 'PasswordReusePrevention>=24',
  holds: (p) => (p.PasswordReusePrevention ?? 0) >= 24,
});

export const passwordExpiry = policyCheck({
  id: 'iam-password-expiry',
  description: 'Password policy expires passwords within 90 days',
  fields: ['MaxPasswordAge', 'ExpirePasswords'],
  expected: 'ExpirePasswords=true and MaxPasswordAge between 1 and 90',
  holds: (p) => p.ExpirePasswords === true && typeof p.MaxPasswordAge === 'number' && p.MaxPasswordAge >= 1 && p.MaxPasswordAge <= 90,
});
