import { iamRoles } from '../../collect/iam.js';
import { describeReadError } from '../../model/got.js';
import type { Remediator, Step } from '../types.js';

/** 1.20: a role with AWSSupportAccess, assumable only by principals of this account. */
export const supportRoleRemediator: Remediator = {
  id: 'support-role',
  checks: ['iam-support-role'],
  permissions: ['iam:CreateRole', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:DeleteRole'],
  needs: [iamRoles],
  async plan({ state, ctx, options }) {
    const base = { remediator: 'support-role', checks: ['iam-support-role'], guidance: [] as string[], pendingWhile: 'IAM propagation of the new role (usually seconds)' };
    const roles = state.get(iamRoles);
    if (!roles.ok) return { ...base, steps: [], guidance: [`cannot plan without the role list: ${describeReadError(roles.error)}`] };
    const name = options.supportRoleName;
    const region = ctx.homeRegion;
    const roleArn = `arn:${ctx.partition}:iam::${ctx.account}:role/${name}`;
    const policyArn = `arn:${ctx.partition}:iam::aws:policy/AWSSupportAccess`;
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:${ctx.partition}:iam::${ctx.account}:root` }, Action: 'sts:AssumeRole' }],
    };
    const steps: Step[] = [];
    if (!roles.value.some((r) => r.name === name)) {
      steps.push({
        describe: `create role ${name}, assumable only by IAM principals of account ${ctx.account} that are allowed sts:AssumeRole on it`,
        call: {
          service: 'iam', region, operation: 'CreateRole',
          input: { RoleName: name, AssumeRolePolicyDocument: JSON.stringify(trust), Description: 'AWS Support access (CIS 1.20), created by cis-audit', MaxSessionDuration: 3600 },
        },
        undo: [{ service: 'iam', region, operation: 'DeleteRole', input: { RoleName: name } }],
        creates: [roleArn],
      });
    }
    steps.push({
      describe: `attach ${policyArn} to ${name}`,
      call: { service: 'iam', region, operation: 'AttachRolePolicy', input: { RoleName: name, PolicyArn: policyArn } },
      undo: [{ service: 'iam', region, operation: 'DetachRolePolicy', input: { RoleName: name, PolicyArn: policyArn } }],
      changes: [roleArn],
    });
    return {
      ...base,
      steps,
      guidance: [`grant sts:AssumeRole on ${roleArn} to the people who open AWS Support cases (e.g. a group or SSO permission set)`],
    };
  },
};
