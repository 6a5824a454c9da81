import { attachedPolicyDocuments, iamLocalPolicies, iamUsers, supportAccessPolicyArn, supportAccessRoles } from '../../collect/iam.js';
import type { Finding } from '../../model/finding.js';
import type { Check } from '../check.js';
import { accountResource, fail, GLOBAL, notApplicable, pass, readErrorFinding } from '../findings.js';
import { grantsFullAdmin, statements } from './policy-document.js';

const DETAILS = 'iam:GetAccountAuthorizationDetails';
const ENTITIES = 'iam:ListEntitiesForPolicy';

/** Permissions should come from groups or roles, not be attached to users directly. */
export const noUserPolicies: Check = {
  id: 'iam-no-user-policies',
  description: 'No IAM user has managed or inline policies attached directly',
  needs: [iamUsers],
  evaluate(state, ctx) {
    const users = state.get(iamUsers);
    if (!users.ok) return [readErrorFinding(accountResource(ctx), GLOBAL, users.error, 'IAM users')];
    if (users.value.length === 0) return [notApplicable(accountResource(ctx), GLOBAL, 'the account has no IAM users')];
    return users.value.map((u) => {
      const evidence = [
        { source: DETAILS, field: 'AttachedManagedPolicies', value: u.attachedPolicies.map((p) => p.arn), expected: '[]' },
        { source: DETAILS, field: 'UserPolicyList', value: u.inlinePolicyNames, expected: '[]' },
      ];
      const direct = [...u.attachedPolicies.map((p) => p.name), ...u.inlinePolicyNames.map((n) => `${n} (inline)`)];
      return direct.length > 0
        ? fail(u.arn, GLOBAL, `${u.name} has policies attached directly: ${direct.join(', ')}`, evidence)
        : pass(u.arn, GLOBAL, `${u.name} has no directly attached policies`, evidence);
    });
  },
};

/** Someone must be able to open AWS Support cases: a role with AWSSupportAccess (CIS: list-entities-for-policy). */
export const supportRole: Check = {
  id: 'iam-support-role',
  description: 'A role with the AWSSupportAccess managed policy exists',
  needs: [supportAccessRoles],
  evaluate(state, ctx) {
    const resource = accountResource(ctx);
    const roles = state.get(supportAccessRoles);
    if (!roles.ok) return [readErrorFinding(resource, GLOBAL, roles.error, 'the roles with AWSSupportAccess')];
    const policyArn = supportAccessPolicyArn(ctx.partition);
    const names = roles.value.map((r) => r.name);
    const evidence = [{ source: ENTITIES, field: 'PolicyRoles', value: names, expected: `at least one role with ${policyArn}` }];
    return roles.value.length > 0
      // On the account: the API gives no role ARNs (a role under a path, like SSO's, has one a name cannot rebuild).
      ? [pass(resource, GLOBAL, `AWSSupportAccess is attached to ${names.join(', ')}`, evidence)]
      : [fail(resource, GLOBAL, `no role has ${policyArn} attached`, evidence)];
  },
};

/** No customer-managed policy may grant full administrative rights ("*" on "*"). */
export const noFullAdminPolicies: Check = {
  id: 'iam-no-full-admin-policies',
  description: 'No customer-managed policy default version allows Action "*" on Resource "*"',
  needs: [iamLocalPolicies],
  evaluate(state, ctx) {
    const policies = state.get(iamLocalPolicies);
    if (!policies.ok) return [readErrorFinding(accountResource(ctx), GLOBAL, policies.error, 'customer-managed policies')];
    if (policies.value.length === 0) return [notApplicable(accountResource(ctx), GLOBAL, 'the account has no customer-managed policies')];
    return policies.value.map((p) => adminVerdict(p, p.document, DETAILS, 'PolicyVersionList[].Document', 'PolicyVersionList'));
  },
};

/**
 * v1.4+ "not attached": no policy attached to any user, group or role, AWS-managed ones included
 * (AdministratorAccess), may grant "*" on "*". A policy whose document could not be read is that policy's ERROR.
 */
export const noAttachedFullAdminPolicies: Check = {
  id: 'iam-no-attached-full-admin-policies',
  description: 'No attached managed policy (customer or AWS-managed) default version allows Action "*" on Resource "*"',
  needs: [attachedPolicyDocuments],
  evaluate(state, ctx) {
    const policies = state.get(attachedPolicyDocuments);
    if (!policies.ok) return [readErrorFinding(accountResource(ctx), GLOBAL, policies.error, 'the attached managed policies')];
    if (policies.value.length === 0) return [notApplicable(accountResource(ctx), GLOBAL, 'no managed policy is attached to any user, group or role')];
    return policies.value.map((p) =>
      p.document.ok ? adminVerdict(p, p.document.value, p.source, p.source === 'iam:GetPolicyVersion' ? 'PolicyVersion.Document' : 'PolicyVersionList[].Document', p.source === 'iam:GetPolicyVersion' ? 'PolicyVersion' : 'PolicyVersionList') : readErrorFinding(p.arn, GLOBAL, p.document.error, `${p.name}'s default version`));
  },
};

interface PolicyFacts { name: string; arn: string; defaultVersionId: string; attachmentCount: number }

/** FAIL when the default version allows "*" on "*", PASS otherwise; ERROR when the document is not a policy. */
function adminVerdict(p: PolicyFacts, document: unknown, source: string, documentField: string, versionField: string): Finding {
  const list = statements(document);
  const operation = source.split(':')[1]!;
  if (!list) {
    return {
      status: 'ERROR',
      resource: p.arn,
      region: GLOBAL,
      message: `${p.name}: the default version ${p.defaultVersionId} document could not be decoded`,
      evidence: [{ source, field: documentField, value: null, expected: 'a JSON policy document' }],
      error: { service: 'iam', operation, region: GLOBAL, code: 'UnexpectedValue', message: 'undecodable policy document' },
    };
  }
  const admin = list.filter(grantsFullAdmin);
  const evidence = [
    { source, field: `${versionField}[${p.defaultVersionId}].Document.Statement`, value: admin, expected: 'no Allow of Action "*" on Resource "*"' },
    { source, field: 'AttachmentCount', value: p.attachmentCount },
  ];
  return admin.length > 0
    ? fail(p.arn, GLOBAL, `${p.name} (${p.defaultVersionId}, attached ${p.attachmentCount}×) allows "*" on "*"`, evidence)
    : pass(p.arn, GLOBAL, `${p.name} does not grant "*" on "*"`, evidence);
}
