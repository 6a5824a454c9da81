import type { CheckContext } from '../../checks/check.js';
import type { Finding } from '../../model/finding.js';
import type { Remediator } from '../types.js';

// Controls nothing should change automatically: precise, account-specific instructions instead.
function guidanceOnly(id: string, check: string, advise: (findings: Finding[], ctx: CheckContext) => string[]): Remediator {
  return {
    id,
    checks: [check],
    permissions: [],
    needs: [],
    async plan({ failing, ctx }) {
      return { remediator: id, checks: [check], steps: [], guidance: advise(failing.get(check) ?? [], ctx) };
    },
  };
}

const name = (arn: string) => arn.split('/').pop() ?? arn;

export const guidanceRemediators: Remediator[] = [
  guidanceOnly('root-usage-guidance', 'iam-root-usage', (fs, ctx) => [
    ...fs.map((f) => `root activity: ${f.message}`),
    `review what root did: CloudTrail events with userIdentity.type = "Root" in account ${ctx.account}`,
    'do daily work with IAM roles or IAM Identity Center; keep root credentials offline with hardware MFA',
  ]),
  guidanceOnly('console-mfa-guidance', 'iam-console-users-mfa', (fs) =>
    fs.map((f) => `${name(f.resource)}: assign an MFA device (IAM console → Users → ${name(f.resource)} → Security credentials → Assign MFA device); until then consider \`aws iam delete-login-profile --user-name ${name(f.resource)}\``),
  ),
  guidanceOnly('root-access-keys-guidance', 'iam-root-access-keys', (_fs, ctx) => [
    `sign in as the root user of ${ctx.account} → Security credentials → Access keys: delete them (IAM APIs cannot manage root keys); first check CloudTrail for their use`,
  ]),
  guidanceOnly('root-mfa-guidance', 'iam-root-mfa', (_fs, ctx) => [
    `sign in as the root user of ${ctx.account} → Security credentials → Assign MFA device (prefer a hardware/FIDO key, which also satisfies 1.14)`,
  ]),
  guidanceOnly('root-hardware-mfa-guidance', 'iam-root-hardware-mfa', (fs, ctx) => [
    ...fs.map((f) => `root: ${f.message}`),
    `sign in as the root user of ${ctx.account} → Security credentials: register a hardware or FIDO security key, then remove the virtual device`,
  ]),
  guidanceOnly('user-policies-guidance', 'iam-no-user-policies', (fs) =>
    fs.map((f) => `${name(f.resource)}: ${f.message} — move them to a group (\`aws iam create-group\`, \`attach-group-policy\` / \`put-group-policy\`, \`add-user-to-group\`), then \`aws iam detach-user-policy\` / \`delete-user-policy --user-name ${name(f.resource)}\``),
  ),
  guidanceOnly('admin-policies-guidance', 'iam-no-full-admin-policies', (fs) =>
    fs.map((f) => `${f.resource}: ${f.message} — replace "Action": "*" on "Resource": "*" with the actions its users need (\`aws iam create-policy-version --policy-arn ${f.resource} --policy-document file://narrow.json --set-as-default\`); for break-glass access use a role with AdministratorAccess guarded by MFA and alerting instead`),
  ),
];
