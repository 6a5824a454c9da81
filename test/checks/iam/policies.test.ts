import { describe, expect, it } from 'vitest';
import { noFullAdminPolicies, noUserPolicies, supportRole } from '../../../src/checks/iam/policies.js';
import {
  iamLocalPolicies, iamUsers, supportAccessRoles, type IamLocalPolicy, type IamUserDetail, type SupportAccessRole,
} from '../../../src/collect/iam.js';
import { ACCOUNT, denied, evaluate, expectReadErrorFinding, ok, ROOT_ARN, statuses, userArn } from '../../helpers/check-state.js';

const DETAILS = 'iam:GetAccountAuthorizationDetails';
const ENTITIES = 'iam:ListEntitiesForPolicy';
const SUPPORT = 'arn:aws:iam::aws:policy/AWSSupportAccess';

const user = (name: string, over: Partial<IamUserDetail> = {}): IamUserDetail => ({
  name, arn: userArn(name), attachedPolicies: [], inlinePolicyNames: [], groups: [], ...over,
});
const role = (name: string, partition = 'aws'): SupportAccessRole => ({
  name, id: `AROA${name.toUpperCase()}`,
});
const policy = (name: string, document: unknown, over: Partial<IamLocalPolicy> = {}): IamLocalPolicy => ({
  name, arn: `arn:aws:iam::${ACCOUNT}:policy/${name}`, attachmentCount: 1, defaultVersionId: 'v2', document, ...over,
});

describe('iam-no-user-policies (1.16)', () => {
  const run = (users: IamUserDetail[]) => evaluate(noUserPolicies, [[iamUsers, ok(users)]]);

  it('declares exactly the IAM users', () => {
    expect(noUserPolicies.needs.map((d) => d.key)).toEqual([iamUsers.key]);
  });

  it('PASSes a user whose permissions come only from groups', () => {
    const findings = run([user('alice', { groups: ['admins'] })]);
    expect(findings).toEqual([expect.objectContaining({ status: 'PASS', resource: userArn('alice'), region: 'global' })]);
    expect(findings[0]!.evidence).toEqual([
      { source: DETAILS, field: 'AttachedManagedPolicies', value: [], expected: '[]' },
      { source: DETAILS, field: 'UserPolicyList', value: [], expected: '[]' },
    ]);
  });

  it('FAILs a user with a managed policy attached directly', () => {
    const findings = run([user('bob', { attachedPolicies: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }] })]);
    expect(findings[0]).toMatchObject({ status: 'FAIL', resource: userArn('bob'), region: 'global' });
    expect(findings[0]!.evidence[0]).toEqual({
      source: DETAILS, field: 'AttachedManagedPolicies', value: ['arn:aws:iam::aws:policy/ReadOnlyAccess'], expected: '[]',
    });
  });

  it('FAILs a user with an inline policy', () => {
    const findings = run([user('carol', { inlinePolicyNames: ['s3-access'] })]);
    expect(findings[0]).toMatchObject({ status: 'FAIL', resource: userArn('carol') });
    expect(findings[0]!.evidence[1]).toEqual({ source: DETAILS, field: 'UserPolicyList', value: ['s3-access'], expected: '[]' });
  });

  it('one finding per user', () => {
    const findings = run([user('a'), user('b', { inlinePolicyNames: ['x'] }), user('c')]);
    expect(findings.map((f) => [f.resource, f.status])).toEqual([
      [userArn('a'), 'PASS'], [userArn('b'), 'FAIL'], [userArn('c'), 'PASS'],
    ]);
  });

  it('is NOT_APPLICABLE with no IAM users', () => {
    expect(run([])).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', resource: ROOT_ARN, region: 'global' })]);
  });

  it('is ERROR when the users could not be read (a denied list is not an empty list)', () => {
    expectReadErrorFinding(evaluate(noUserPolicies, [[iamUsers, denied('GetAccountAuthorizationDetails')]]), 'GetAccountAuthorizationDetails');
  });
});

describe('iam-support-role (1.20)', () => {
  const run = (roles: SupportAccessRole[], partition?: string) =>
    evaluate(supportRole, [[supportAccessRoles, ok(roles)]], partition ? { partition } : {});

  it('declares exactly the roles AWSSupportAccess is attached to (not every role)', () => {
    expect(supportRole.needs.map((d) => d.key)).toEqual([supportAccessRoles.key]);
  });

  it('PASSes with AWSSupportAccess on a role; the resource is the account (no role ARN is made up), the evidence is ListEntitiesForPolicy', () => {
    const findings = run([role('support')]);
    expect(findings).toEqual([expect.objectContaining({ status: 'PASS', resource: ROOT_ARN, region: 'global' })]);
    expect(findings[0]!.message).toBe('AWSSupportAccess is attached to support');
    expect(findings[0]!.evidence).toEqual([
      { source: ENTITIES, field: 'PolicyRoles', value: ['support'], expected: `at least one role with ${SUPPORT}` },
    ]);
  });

  it('several roles: one PASS, all of them named in the message and the evidence', () => {
    const findings = run([role('support'), role('AWSReservedSSO_Support_0123')]);
    expect(findings).toEqual([expect.objectContaining({ status: 'PASS', resource: ROOT_ARN })]);
    expect(findings[0]!.message).toBe('AWSSupportAccess is attached to support, AWSReservedSSO_Support_0123');
    expect(findings[0]!.evidence[0]!.value).toEqual(['support', 'AWSReservedSSO_Support_0123']);
  });

  it('FAILs on the account when no role has it (PolicyRoles empty; a user holding it does not count)', () => {
    const findings = run([]);
    expect(findings).toEqual([expect.objectContaining({ status: 'FAIL', resource: ROOT_ARN, region: 'global' })]);
    expect(findings[0]!.message).toBe(`no role has ${SUPPORT} attached`);
    expect(findings[0]!.evidence).toEqual([
      { source: ENTITIES, field: 'PolicyRoles', value: [], expected: `at least one role with ${SUPPORT}` },
    ]);
  });

  it('uses the partition of the account: aws-us-gov', () => {
    const govPolicy = 'arn:aws-us-gov:iam::aws:policy/AWSSupportAccess';
    const findings = run([role('support')], 'aws-us-gov');
    expect(findings[0]).toMatchObject({ status: 'PASS', resource: `arn:aws-us-gov:iam::${ACCOUNT}:root` });
    expect(findings[0]!.evidence[0]!.expected).toBe(`at least one role with ${govPolicy}`);
    expect(run([], 'aws-us-gov')[0]).toMatchObject({ status: 'FAIL', resource: `arn:aws-us-gov:iam::${ACCOUNT}:root` });
  });

  it('is ERROR when the attached roles could not be read', () => {
    expectReadErrorFinding(evaluate(supportRole, [[supportAccessRoles, denied('ListEntitiesForPolicy')]]), 'ListEntitiesForPolicy');
  });

  it('is ERROR, not PASS or FAIL, when IAM says the AWS-managed policy does not exist (NoSuchEntity)', () => {
    const findings = evaluate(supportRole, [[supportAccessRoles, denied('ListEntitiesForPolicy', 'NoSuchEntity')]]);
    expectReadErrorFinding(findings, 'ListEntitiesForPolicy', 'NoSuchEntity');
  });
});

describe('iam-no-full-admin-policies (1.22)', () => {
  const run = (policies: IamLocalPolicy[]) => evaluate(noFullAdminPolicies, [[iamLocalPolicies, ok(policies)]]);
  const doc = (Statement: unknown) => ({ Version: '2012-10-17', Statement });
  const adminStatement = { Effect: 'Allow', Action: '*', Resource: '*' };

  it('declares exactly the customer-managed policies', () => {
    expect(noFullAdminPolicies.needs.map((d) => d.key)).toEqual([iamLocalPolicies.key]);
  });

  it('FAILs Action "*" on Resource "*" (string form), with the statement and attachment count as evidence', () => {
    const p = policy('admin', doc([{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }, adminStatement]), { attachmentCount: 3 });
    const findings = run([p]);
    expect(findings).toEqual([expect.objectContaining({ status: 'FAIL', resource: p.arn, region: 'global' })]);
    expect(findings[0]!.evidence).toEqual([
      { source: DETAILS, field: 'PolicyVersionList[v2].Document.Statement', value: [adminStatement], expected: 'no Allow of Action "*" on Resource "*"' },
      { source: DETAILS, field: 'AttachmentCount', value: 3 },
    ]);
  });

  it('FAILs the list forms (Action ["*"], Resource ["arn:…", "*"])', () => {
    const p = policy('admin-list', doc([{ Effect: 'Allow', Action: ['iam:PassRole', '*'], Resource: ['arn:aws:s3:::b', '*'] }]));
    expect(statuses(run([p]))).toEqual(['FAIL']);
  });

  it('FAILs a single Statement object (not a list)', () => {
    expect(statuses(run([policy('single', doc(adminStatement))]))).toEqual(['FAIL']);
  });

  it('FAILs "*:*" as an action', () => {
    expect(statuses(run([policy('starstar', doc({ Effect: 'Allow', Action: '*:*', Resource: '*' }))]))).toEqual(['FAIL']);
  });

  it('PASSes a service wildcard (Action "s3:*" on "*")', () => {
    const p = policy('s3-admin', doc([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]));
    const findings = run([p]);
    expect(findings).toEqual([expect.objectContaining({ status: 'PASS', resource: p.arn, region: 'global' })]);
    expect(findings[0]!.evidence[0]).toMatchObject({ value: [] });
  });

  it('PASSes Deny "*" on "*"', () => {
    expect(statuses(run([policy('deny-all', doc({ Effect: 'Deny', Action: '*', Resource: '*' }))]))).toEqual(['PASS']);
  });

  it('PASSes Action "*" on a specific resource', () => {
    expect(statuses(run([policy('bucket', doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket/*' }))]))).toEqual(['PASS']);
  });

  it('one finding per policy', () => {
    const findings = run([policy('a', doc(adminStatement)), policy('b', doc({ Effect: 'Allow', Action: 'ec2:*', Resource: '*' }))]);
    expect(findings.map((f) => [f.resource.split('/').pop(), f.status])).toEqual([['a', 'FAIL'], ['b', 'PASS']]);
  });

  it('an undecodable document is ERROR for that policy, not PASS', () => {
    const p = policy('broken', undefined);
    const findings = run([p, policy('ok', doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }))]);
    expect(findings.map((f) => f.status)).toEqual(['ERROR', 'PASS']);
    expect(findings[0]).toMatchObject({ resource: p.arn, region: 'global' });
    expect(findings[0]!.error).toMatchObject({ operation: 'GetAccountAuthorizationDetails', code: 'UnexpectedValue' });
    expect(findings[0]!.evidence).toEqual([
      { source: DETAILS, field: 'PolicyVersionList[].Document', value: null, expected: 'a JSON policy document' },
    ]);
  });

  it('is NOT_APPLICABLE with no customer-managed policies', () => {
    expect(run([])).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', resource: ROOT_ARN, region: 'global' })]);
  });

  it('is ERROR when the policies could not be read', () => {
    expectReadErrorFinding(evaluate(noFullAdminPolicies, [[iamLocalPolicies, denied('GetAccountAuthorizationDetails')]]), 'GetAccountAuthorizationDetails');
  });
});
