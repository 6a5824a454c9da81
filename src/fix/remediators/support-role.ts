import { isAwsError } from '../../aws/errors.js';
import { supportAccessPolicyArn } from '../../collect/iam.js';
import type { Remediator, Step } from '../types.js';
import { describeCallError } from './building-blocks.js';

/** 1.20: a role with AWSSupportAccess, assumable only by principals of this account. */
export const supportRoleRemediator: Remediator = {
  id: 'support-role',
  checks: ['iam-support-role'],
  // GetRole is read while planning (does the role to attach to exist already?).
  permissions: ['iam:GetRole', 'iam:CreateRole', 'iam:AttachRolePolicy', 'iam:DetachRolePolicy', 'iam:DeleteRole'],
  // The scan reads only the roles with AWSSupportAccess (none, when planning): whether the chosen role exists is
  // one GetRole while planning, not a read of every role in the account.
  needs: [],
  async plan({ ctx, read, options }) {
    const base = { remediator: 'support-role', checks: ['iam-support-role'], guidance: [] as string[], pendingWhile: 'IAM propagation of the new role (usually seconds)' };
    const name = options.supportRoleName;
    const region = ctx.homeRegion;
    let roleArn = `arn:${ctx.partition}:iam::${ctx.account}:role/${name}`;
    const policyArn = supportAccessPolicyArn(ctx.partition);
    let exists: boolean;
    try {
      const out = await read.call<{ Role?: { Arn?: string } }>('iam', region, 'GetRole', { RoleName: name });
      exists = true;
      // An existing role may live under a path: its own ARN, not one built from the name.
      if (out.Role?.Arn) roleArn = out.Role.Arn;
    } catch (err) {
      if (!isAwsError(err)) throw err;
      if (!isAwsError(err, 'NoSuchEntity')) {
        return { ...base, steps: [], guidance: [`cannot plan without knowing whether role ${name} exists: ${describeCallError(err, { service: 'iam', operation: 'GetRole', region })}`] };
      }
      exists = false;
    }
    const trust = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:${ctx.partition}:iam::${ctx.account}:root` }, Action: 'sts:AssumeRole' }],
    };
    const steps: Step[] = [];
    if (!exists) {
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
      guidance: [
        ...(exists ? [`role ${name} already exists: AWSSupportAccess is attached to it and its trust policy is left as it is`] : []),
        `grant sts:AssumeRole on ${roleArn} to the people who open AWS Support cases (e.g. a group or SSO permission set)`,
      ],
    };
  },
};
