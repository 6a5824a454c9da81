import { passwordPolicy, type PasswordPolicy } from '../../collect/iam.js';
import { describeReadError } from '../../model/got.js';
import type { Remediator, WriteCall } from '../types.js';

// The fields UpdateAccountPasswordPolicy takes: it replaces the whole policy, so every one is carried over.
const UPDATABLE = [
  'MinimumPasswordLength', 'RequireSymbols', 'RequireNumbers', 'RequireUppercaseCharacters', 'RequireLowercaseCharacters',
  'AllowUsersToChangePassword', 'MaxPasswordAge', 'PasswordReusePrevention', 'HardExpiry',
] as const;

// Each check's CIS minimum, applied only when that check fails and never lowering a stronger value.
const RAISE: Record<string, (p: PasswordPolicy) => Partial<PasswordPolicy>> = {
  'iam-password-requires-uppercase': () => ({ RequireUppercaseCharacters: true }),
  'iam-password-requires-lowercase': () => ({ RequireLowercaseCharacters: true }),
  'iam-password-requires-symbols': () => ({ RequireSymbols: true }),
  'iam-password-requires-numbers': () => ({ RequireNumbers: true }),
  'iam-password-min-length': (p) => ({ MinimumPasswordLength: Math.max(p.MinimumPasswordLength ?? 0, 14) }),
  'iam-password-reuse-prevention': (p) => ({ PasswordReusePrevention: Math.max(p.PasswordReusePrevention ?? 0, 24) }),
  'iam-password-expiry': (p) => ({
    MaxPasswordAge: p.MaxPasswordAge && p.MaxPasswordAge >= 1 && p.MaxPasswordAge <= 90 ? p.MaxPasswordAge : 90,
  }),
};

export function updateInput(p: PasswordPolicy): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of UPDATABLE) {
    const v = p[field];
    if (v !== undefined && !(field === 'MaxPasswordAge' && v === 0)) input[field] = v;
  }
  return input;
}

/** 1.5–1.11: one UpdateAccountPasswordPolicy raising exactly the failing requirements. */
export const passwordPolicyRemediator: Remediator = {
  id: 'password-policy',
  checks: Object.keys(RAISE),
  permissions: ['iam:UpdateAccountPasswordPolicy', 'iam:DeleteAccountPasswordPolicy'],
  needs: [passwordPolicy],
  async plan({ state, ctx, failing }) {
    const plan = { remediator: 'password-policy', checks: [...failing.keys()], steps: [] as never[], guidance: [] as string[] };
    const got = state.get(passwordPolicy);
    if (!got.ok) return { ...plan, guidance: [`cannot plan safely without the current policy: ${describeReadError(got.error)}`] };
    const current: PasswordPolicy = got.value ?? {};
    let target: PasswordPolicy = { ...current };
    for (const check of failing.keys()) target = { ...target, ...RAISE[check]!(target) };
    const region = ctx.homeRegion;
    const call: WriteCall = { service: 'iam', region, operation: 'UpdateAccountPasswordPolicy', input: updateInput(target) };
    const undo: WriteCall[] = got.value === null
      ? [{ service: 'iam', region, operation: 'DeleteAccountPasswordPolicy', input: {} }]
      : [{ service: 'iam', region, operation: 'UpdateAccountPasswordPolicy', input: updateInput(current) }];
    const changed = UPDATABLE.filter((f) => target[f] !== current[f]).map((f) => `${f}: ${current[f] ?? 'unset'} → ${target[f]}`);
    return {
      ...plan,
      steps: [{
        describe: `${got.value === null ? 'create' : 'raise'} the account password policy (${changed.join(', ')})`,
        call,
        prior: got.value,
        undo,
        changes: [`arn:${ctx.partition}:iam::${ctx.account}:account-password-policy`],
        ...(target.MaxPasswordAge !== current.MaxPasswordAge ? { warning: 'users whose password is older than MaxPasswordAge must change it at next sign-in' } : {}),
      }],
    };
  },
};
