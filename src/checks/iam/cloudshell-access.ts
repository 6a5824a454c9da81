import { cloudShellEntities, cloudShellPolicyArn } from '../../collect/iam.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, pass, readErrorFinding } from '../findings.js';

const ENTITIES = 'iam:ListEntitiesForPolicy';

/**
 * CloudShell full access lets anyone with it upload and download files and reach the internet from inside the
 * account. CIS calls it Manual, but the attachments are fully readable, so this is a verdict: any user, group or
 * role with the policy → FAIL (Security Hub IAM.27's rule; the CIS text names only roles).
 */
export const cloudShellFullAccess: Check = {
  id: 'iam-cloudshell-full-access',
  description: 'AWSCloudShellFullAccess is attached to no IAM user, group or role (ListEntitiesForPolicy)',
  needs: [cloudShellEntities],
  evaluate(state, ctx) {
    const resource = accountResource(ctx);
    const got = state.get(cloudShellEntities);
    if (!got.ok) return [readErrorFinding(resource, GLOBAL, got.error, 'the entities with AWSCloudShellFullAccess')];
    const { users, groups, roles } = got.value;
    const evidence = [
      { source: ENTITIES, field: 'PolicyUsers', value: users, expected: '[]' },
      { source: ENTITIES, field: 'PolicyGroups', value: groups, expected: '[]' },
      { source: ENTITIES, field: 'PolicyRoles', value: roles, expected: '[]' },
    ];
    const named = [...users.map((u) => `user ${u}`), ...groups.map((g) => `group ${g}`), ...roles.map((r) => `role ${r}`)];
    return named.length > 0
      ? [fail(resource, GLOBAL, `${cloudShellPolicyArn(ctx.partition)} is attached to ${named.join(', ')}`, evidence)]
      : [pass(resource, GLOBAL, 'AWSCloudShellFullAccess is attached to no user, group or role', evidence)];
  },
};
