import { describe, expect, it } from 'vitest';
import { resourcePoliciesPrincipalStar, unrestrictedStarStatements } from '../../../src/checks/iam/resource-policies.js';
import { allBucketPolicies, keyPolicies, topicPolicies, type ResourcePolicy } from '../../../src/collect/resource-policies.js';
import { ACCOUNT, denied, evaluate, failed, ok, readError, ROOT_ARN, statuses } from '../../helpers/check-state.js';

const doc = (...Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
const open = { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::web/*' };
const bucket = (name: string, policy: ResourcePolicy['policy']): ResourcePolicy => ({ arn: `arn:aws:s3:::${name}`, region: 'us-east-1', policy });
const topicArn = `arn:aws:sns:us-east-1:${ACCOUNT}:alerts`;

function run(buckets: ResourcePolicy[], topics: ResourcePolicy[] = [], keys: ResourcePolicy[] = []) {
  return evaluate(resourcePoliciesPrincipalStar, [
    [allBucketPolicies, ok(buckets)], [topicPolicies, ok({ 'us-east-1': ok(topics) })], [keyPolicies, ok({ 'us-east-1': ok(keys) })],
  ]);
}

describe('unrestrictedStarStatements', () => {
  it('finds Allow with Principal "*", {"AWS":"*"} or ["*"] and no restricting condition', () => {
    const s = [open, { ...open, Principal: { AWS: '*' } }, { ...open, Principal: { AWS: ['arn:aws:iam::1:root', '*'] } }];
    expect(unrestrictedStarStatements(doc(...s))).toEqual(s);
  });

  it('ignores Deny, named principals, and statements conditioned on the source or principal (any key case)', () => {
    expect(unrestrictedStarStatements(doc(
      { ...open, Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
      { ...open, Principal: { AWS: 'arn:aws:iam::1:root' } },
      { ...open, Condition: { StringEquals: { 'AWS:SourceOwner': ACCOUNT } } },
      { ...open, Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } },
    ))).toEqual([]);
  });

  it('a condition that does not narrow who (SecureTransport) still counts as unrestricted', () => {
    const s = { ...open, Condition: { Bool: { 'aws:SecureTransport': 'true' } } };
    expect(unrestrictedStarStatements(doc(s))).toEqual([s]);
  });
});

describe('resource-policies-principal-star (evidence only)', () => {
  it('is MANUAL per open resource with its statements, plus an account finding stating the scope', () => {
    const findings = run([bucket('web', ok(doc(open))), bucket('private', ok(null))], [{ arn: topicArn, region: 'us-east-1', policy: ok(doc({ ...open, Principal: { AWS: '*' }, Action: 'SNS:Publish' })) }]);
    expect(resourcePoliciesPrincipalStar.evidenceOnly).toBe(true);
    expect(findings.map((f) => [f.status, f.resource])).toEqual([['MANUAL', 'arn:aws:s3:::web'], ['MANUAL', topicArn], ['MANUAL', ROOT_ARN]]);
    expect(findings[0]!.evidence).toEqual([{ source: 's3:GetBucketPolicy', field: 'Policy.Statement', value: [open], expected: expect.stringContaining('Condition') }]);
    expect(findings[2]!.message).toMatch(/^2 of 3 resource policies read allow "Principal: \*" without a restricting condition \(scope: S3 bucket policies, SNS topic policies and customer-managed KMS key policies\)/);
  });

  it('with nothing open (or nothing at all) it is still MANUAL: the other resource types need a person', () => {
    expect(statuses(run([]))).toEqual(['MANUAL']);
    expect(run([])[0]!.message).toMatch(/^0 of 0 resource policies read/);
  });

  it('keeps read errors (denied bucket, throttled region, denied list) in the account finding, never ERROR', () => {
    const findings = evaluate(resourcePoliciesPrincipalStar, [
      [allBucketPolicies, ok([bucket('locked', failed(readError('GetBucketPolicy', 'AccessDenied', 's3')))])],
      [topicPolicies, ok({ 'us-east-1': failed(readError('ListTopics', 'Throttling', 'sns')) })],
      [keyPolicies, denied('ListKeys', 'AccessDeniedException', 'kms')],
    ]);
    expect(statuses(findings)).toEqual(['MANUAL']);
    expect(findings[0]!.message).toContain('could not read 3');
    expect(findings[0]!.message).toContain('s3:GetBucketPolicy');
    expect(findings[0]!.message).toContain('Throttling');
    expect(findings[0]!.evidence).toHaveLength(3);
  });
});
