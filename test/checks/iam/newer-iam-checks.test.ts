import { describe, expect, it } from 'vitest';
import { accessAnalyzerEnabled } from '../../../src/checks/iam/access-analyzer.js';
import { centralIdentity } from '../../../src/checks/iam/central-identity.js';
import { cloudShellFullAccess } from '../../../src/checks/iam/cloudshell-access.js';
import { noAttachedFullAdminPolicies } from '../../../src/checks/iam/policies.js';
import { expiredServerCertificates } from '../../../src/checks/iam/server-certificates.js';
import { analyzers, type Analyzer } from '../../../src/collect/accessanalyzer.js';
import { accountSummary, attachedPolicyDocuments, cloudShellEntities, identityProviders, serverCertificates, type AttachedPolicyDocument } from '../../../src/collect/iam.js';
import { organization } from '../../../src/collect/organizations.js';
import { ACCOUNT, denied, evaluate, expectReadErrorFinding, failed, ok, readError, ROOT_ARN, statuses } from '../../helpers/check-state.js';

const certArn = (n: string) => `arn:aws:iam::${ACCOUNT}:server-certificate/${n}`;

describe('iam-expired-server-certificates', () => {
  const run = (certs: Array<{ name: string; expiration?: string }>) =>
    evaluate(expiredServerCertificates, [[serverCertificates, ok(certs.map((c) => ({ ...c, arn: certArn(c.name) })))]]);

  it('FAILs each expired certificate by name and PASSes the valid ones (ctx.now decides)', () => {
    const findings = run([{ name: 'old', expiration: '2026-05-31T23:59:59.000Z' }, { name: 'new', expiration: '2027-01-01T00:00:00.000Z' }]);
    expect(findings.map((f) => [f.status, f.resource])).toEqual([['FAIL', certArn('old')], ['PASS', certArn('new')]]);
    expect(findings[0]!.message).toBe('old expired on 2026-05-31T23:59:59.000Z');
    expect(findings[0]!.evidence).toEqual([{ source: 'iam:ListServerCertificates', field: 'ServerCertificateMetadataList[].Expiration', value: '2026-05-31T23:59:59.000Z', expected: 'after 2026-06-01T00:00:00.000Z' }]);
  });

  it('is NOT_APPLICABLE with no certificates stored in IAM', () => {
    expect(run([])).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', resource: ROOT_ARN, message: 'no server certificates are stored in IAM' })]);
  });

  it('is ERROR for a certificate without an expiry, and when the list is denied or throttled', () => {
    expect(statuses(run([{ name: 'odd' }]))).toEqual(['ERROR']);
    expectReadErrorFinding(evaluate(expiredServerCertificates, [[serverCertificates, denied('ListServerCertificates')]]), 'ListServerCertificates');
    expectReadErrorFinding(evaluate(expiredServerCertificates, [[serverCertificates, denied('ListServerCertificates', 'Throttling')]]), 'ListServerCertificates', 'Throttling');
  });
});

describe('iam-access-analyzer', () => {
  const REGIONS = ['eu-west-1', 'us-east-1', 'us-west-2'];
  const a = (name: string, type: string, status = 'ACTIVE'): Analyzer => ({ name, type, status, arn: `arn:aws:access-analyzer:us-east-1:${ACCOUNT}:analyzer/${name}` });
  const run = (byRegion: Record<string, ReturnType<typeof ok<Analyzer[]>> | ReturnType<typeof failed>>) =>
    evaluate(accessAnalyzerEnabled, [[analyzers, ok(byRegion)]], { regions: REGIONS });

  it('PASSes a region with an ACTIVE account or organization analyzer; FAILs unused-access-only, inactive, and none', () => {
    const findings = run({
      'eu-west-1': ok([a('unused', 'ACCOUNT_UNUSED_ACCESS'), a('creating', 'ACCOUNT', 'CREATING')]),
      'us-east-1': ok([a('org', 'ORGANIZATION')]),
      'us-west-2': ok([]),
    });
    expect(findings.map((f) => [f.region, f.status])).toEqual([['eu-west-1', 'FAIL'], ['us-east-1', 'PASS'], ['us-west-2', 'FAIL']]);
    expect(findings[0]!.message).toBe('no ACTIVE external access analyzer (found unused (ACCOUNT_UNUSED_ACCESS, ACTIVE), creating (ACCOUNT, CREATING))');
    expect(findings[1]!.resource).toBe(a('org', 'ORGANIZATION').arn);
    expect(findings[2]!.message).toBe('no Access Analyzer analyzer in this region');
  });

  it('is ERROR in a region that was denied or throttled, without hiding the others', () => {
    const findings = run({
      'eu-west-1': failed(readError('ListAnalyzers', 'AccessDeniedException', 'accessanalyzer')),
      'us-east-1': ok([a('acct', 'ACCOUNT')]),
      'us-west-2': failed(readError('ListAnalyzers', 'ThrottlingException', 'accessanalyzer')),
    });
    expect(findings.map((f) => [f.region, f.status, f.error?.code])).toEqual([
      ['eu-west-1', 'ERROR', 'AccessDeniedException'], ['us-east-1', 'PASS', undefined], ['us-west-2', 'ERROR', 'ThrottlingException'],
    ]);
  });

  it('is NOT_APPLICABLE when no region was scanned', () => {
    expect(statuses(evaluate(accessAnalyzerEnabled, [[analyzers, ok({})]], { regions: [] }))).toEqual(['NOT_APPLICABLE']);
  });
});

describe('iam-cloudshell-full-access', () => {
  const run = (users: string[], groups: string[], roles: string[]) => evaluate(cloudShellFullAccess, [[cloudShellEntities, ok({ users, groups, roles })]]);

  it('FAILs naming every user, group and role it is attached to (Security Hub IAM.27 rule)', () => {
    const [f] = run(['bob'], ['devs'], ['Ops']);
    expect(f).toMatchObject({ status: 'FAIL', resource: ROOT_ARN, message: 'arn:aws:iam::aws:policy/AWSCloudShellFullAccess is attached to user bob, group devs, role Ops' });
    expect(f!.evidence).toContainEqual({ source: 'iam:ListEntitiesForPolicy', field: 'PolicyGroups', value: ['devs'], expected: '[]' });
  });

  it('PASSes when attached to nobody', () => {
    expect(statuses(run([], [], []))).toEqual(['PASS']);
  });

  it('uses the account partition in the policy ARN', () => {
    expect(evaluate(cloudShellFullAccess, [[cloudShellEntities, ok({ users: ['x'], groups: [], roles: [] })]], { partition: 'aws-us-gov' })[0]!.message)
      .toContain('arn:aws-us-gov:iam::aws:policy/AWSCloudShellFullAccess');
  });

  it('is ERROR when the attachments could not be read (denied, throttled)', () => {
    expectReadErrorFinding(evaluate(cloudShellFullAccess, [[cloudShellEntities, denied('ListEntitiesForPolicy')]]), 'ListEntitiesForPolicy');
    expectReadErrorFinding(evaluate(cloudShellFullAccess, [[cloudShellEntities, denied('ListEntitiesForPolicy', 'Throttling')]]), 'ListEntitiesForPolicy', 'Throttling');
  });
});

describe('iam-no-attached-full-admin-policies', () => {
  const admin = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const narrow = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } };
  const policy = (name: string, arn: string, document: AttachedPolicyDocument['document']): AttachedPolicyDocument =>
    ({ name, arn, attachmentCount: 2, defaultVersionId: 'v4', document, source: 'iam:GetPolicyVersion' });
  const run = (policies: AttachedPolicyDocument[]) => evaluate(noAttachedFullAdminPolicies, [[attachedPolicyDocuments, ok(policies)]]);

  it('FAILs an attached AWS-managed AdministratorAccess and PASSes a narrow customer policy', () => {
    const findings = run([
      policy('AdministratorAccess', 'arn:aws:iam::aws:policy/AdministratorAccess', ok(admin)),
      policy('reader', `arn:aws:iam::${ACCOUNT}:policy/reader`, ok(narrow)),
    ]);
    expect(findings.map((f) => [f.status, f.resource])).toEqual([['FAIL', 'arn:aws:iam::aws:policy/AdministratorAccess'], ['PASS', `arn:aws:iam::${ACCOUNT}:policy/reader`]]);
    expect(findings[0]!.evidence[0]).toEqual({ source: 'iam:GetPolicyVersion', field: 'PolicyVersion[v4].Document.Statement', value: admin.Statement, expected: 'no Allow of Action "*" on Resource "*"' });
  });

  it('is ERROR for the one policy whose version could not be read, or is not a document', () => {
    const findings = run([
      policy('denied', 'arn:aws:iam::aws:policy/A', failed(readError('GetPolicyVersion'))),
      policy('junk', 'arn:aws:iam::aws:policy/B', ok('not a policy')),
      policy('fine', 'arn:aws:iam::aws:policy/C', ok(narrow)),
    ]);
    expect(statuses(findings)).toEqual(['ERROR', 'ERROR', 'PASS']);
    expect(findings[0]!.error).toMatchObject({ operation: 'GetPolicyVersion', code: 'AccessDenied' });
  });

  it('is NOT_APPLICABLE when nothing is attached, ERROR when ListPolicies was denied or throttled', () => {
    expect(statuses(run([]))).toEqual(['NOT_APPLICABLE']);
    expectReadErrorFinding(evaluate(noAttachedFullAdminPolicies, [[attachedPolicyDocuments, denied('ListPolicies')]]), 'ListPolicies');
    expectReadErrorFinding(evaluate(noAttachedFullAdminPolicies, [[attachedPolicyDocuments, denied('ListPolicies', 'Throttling')]]), 'ListPolicies', 'Throttling');
  });
});

describe('iam-central-identity (evidence only)', () => {
  const idps = ok({ saml: [`arn:aws:iam::${ACCOUNT}:saml-provider/Okta`], oidc: [] });
  it('is MANUAL with the providers, the user count and the organization, saying what to confirm', () => {
    expect(centralIdentity.evidenceOnly).toBe(true);
    const [f, ...rest] = evaluate(centralIdentity, [[identityProviders, idps], [accountSummary, ok({ Users: 7 })], [organization, ok({ id: 'o-abc', managementAccountId: '999988887777', featureSet: 'ALL' })]]);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ status: 'MANUAL', resource: ROOT_ARN, region: 'global' });
    expect(f!.message).toBe('1 SAML and 0 OIDC provider(s), 7 IAM user(s), member of organization o-abc; confirm people sign in through federation or IAM Identity Center and the IAM users left are justified');
    expect(f!.evidence).toEqual([
      { source: 'iam:ListSAMLProviders', field: 'SAMLProviderList[].Arn', value: [`arn:aws:iam::${ACCOUNT}:saml-provider/Okta`] },
      { source: 'iam:ListOpenIDConnectProviders', field: 'OpenIDConnectProviderList[].Arn', value: [] },
      { source: 'iam:GetAccountSummary', field: 'Users', value: 7 },
      { source: 'organizations:DescribeOrganization', field: 'Organization.Id', value: 'o-abc' },
    ]);
  });

  it('stays MANUAL when reads were denied or throttled, with the errors in the evidence and the message', () => {
    const [f] = evaluate(centralIdentity, [[identityProviders, denied('ListSAMLProviders')], [accountSummary, ok({ Users: 0 })], [organization, denied('DescribeOrganization', 'TooManyRequestsException', 'organizations')]]);
    expect(f).toMatchObject({ status: 'MANUAL' });
    expect(f!.message).toContain('could not read: iam:ListSAMLProviders');
    expect(f!.message).toContain('TooManyRequestsException');
    expect(f!.evidence).toContainEqual({ source: 'iam:ListSAMLProviders', field: 'error', value: { code: 'AccessDenied', message: expect.any(String) } });
  });

  it('says when the account is in no organization (nothing federated either)', () => {
    const [f] = evaluate(centralIdentity, [[identityProviders, ok({ saml: [], oidc: [] })], [accountSummary, ok({ Users: 3 })], [organization, ok(null)]]);
    expect(f!.message).toMatch(/^0 SAML and 0 OIDC provider\(s\), 3 IAM user\(s\), not in an organization;/);
  });
});
