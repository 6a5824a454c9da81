import {
  GetAccountAuthorizationDetailsCommand, GetAccountPasswordPolicyCommand, GetAccountSummaryCommand,
  ListEntitiesForPolicyCommand, ListVirtualMFADevicesCommand, NoSuchEntityException,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import {
  accountSummary, iamLocalPolicies, iamUsers, passwordPolicy, supportAccessRoles, virtualMfaDevices,
} from '../../src/collect/iam.js';
import { ACCOUNT, iamError, inputsOf, makeCollector, mockAws } from '../helpers/reader.js';

const aws = mockAws();
const arn = (kind: string, name: string) => `arn:aws:iam::${ACCOUNT}:${kind}/${name}`;
const ROOT = `arn:aws:iam::${ACCOUNT}:root`;
/** IAM returns policy documents URL-encoded (RFC 3986). */
const urlEncoded = (doc: unknown) => encodeURIComponent(JSON.stringify(doc));

describe('password policy datum', () => {
  it('returns the policy', async () => {
    const policy = { MinimumPasswordLength: 14, RequireSymbols: true, ExpirePasswords: true, MaxPasswordAge: 90 };
    aws.iam.on(GetAccountPasswordPolicyCommand).resolves({ PasswordPolicy: policy });
    expect(await makeCollector().get(passwordPolicy)).toEqual({ ok: true, value: policy });
    expect(inputsOf(aws.iam.commandCalls(GetAccountPasswordPolicyCommand))).toEqual([{}]);
  });

  it('NoSuchEntity is ok(null): the account has no policy (absent, not unreadable)', async () => {
    aws.iam.on(GetAccountPasswordPolicyCommand).rejects(
      new NoSuchEntityException({ message: 'The Password Policy with domain name 111122223333 cannot be found.', $metadata: { httpStatusCode: 404 } }),
    );
    expect(await makeCollector().get(passwordPolicy)).toEqual({ ok: true, value: null });
  });

  it('NoSuchEntity as the wire code (Code without the Exception suffix) is also ok(null)', async () => {
    aws.iam.on(GetAccountPasswordPolicyCommand).rejects(iamError('NoSuchEntity', 'cannot be found'));
    expect(await makeCollector().get(passwordPolicy)).toEqual({ ok: true, value: null });
  });

  it('AccessDenied is a failed Got with the code and the operation', async () => {
    aws.iam.on(GetAccountPasswordPolicyCommand).rejects(iamError('AccessDenied'));
    const got = await makeCollector().get(passwordPolicy);
    expect(got.ok).toBe(false);
    expect(got.ok ? undefined : got.error).toEqual({
      service: 'iam', operation: 'GetAccountPasswordPolicy', region: 'us-east-1', code: 'AccessDenied',
      message: expect.stringContaining('not authorized'),
    });
  });
});

describe('account summary datum', () => {
  it('returns the SummaryMap', async () => {
    aws.iam.on(GetAccountSummaryCommand).resolves({ SummaryMap: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: 4 } });
    expect(await makeCollector().get(accountSummary)).toEqual({ ok: true, value: { AccountMFAEnabled: 1, AccountAccessKeysPresent: 0, Users: 4 } });
  });

  it('a response without SummaryMap is a failed Got, not an empty map', async () => {
    aws.iam.on(GetAccountSummaryCommand).resolves({});
    const got = await makeCollector().get(accountSummary);
    expect(got.ok ? undefined : got.error).toMatchObject({
      operation: 'GetAccountSummary', code: 'UnexpectedResponse', message: 'SummaryMap: expected an object, got nothing (the member is missing)',
    });
  });

  it('AccessDenied is a failed Got naming GetAccountSummary', async () => {
    aws.iam.on(GetAccountSummaryCommand).rejects(iamError('AccessDenied'));
    const got = await makeCollector().get(accountSummary);
    expect(got.ok ? undefined : got.error).toMatchObject({ operation: 'GetAccountSummary', code: 'AccessDenied' });
  });
});

describe('ListVirtualMFADevices pagination', () => {
  it('follows the Marker to the last page and sends the exact inputs', async () => {
    aws.iam.on(ListVirtualMFADevicesCommand).callsFake((input: { Marker?: string }) => {
      switch (input.Marker) {
        case undefined:
          return { VirtualMFADevices: [{ SerialNumber: arn('mfa', 'alice'), User: { UserName: 'alice', Arn: arn('user', 'alice'), UserId: 'A', CreateDate: new Date() } }], IsTruncated: true, Marker: 'm1' };
        case 'm1':
          return { VirtualMFADevices: [{ SerialNumber: arn('mfa', 'spare') }], IsTruncated: true, Marker: 'm2' };
        case 'm2':
          return { VirtualMFADevices: [{ SerialNumber: arn('mfa', 'my-phone'), User: { Arn: ROOT, UserId: ACCOUNT, UserName: '', CreateDate: new Date() } }], IsTruncated: false };
        default:
          throw new Error(`unexpected Marker ${input.Marker}`);
      }
    });
    const got = await makeCollector().get(virtualMfaDevices);
    expect(got).toEqual({
      ok: true,
      value: [
        { serialNumber: arn('mfa', 'alice'), userArn: arn('user', 'alice'), userName: 'alice' },
        { serialNumber: arn('mfa', 'spare') },
        { serialNumber: arn('mfa', 'my-phone'), userArn: ROOT },
      ],
    });
    expect(inputsOf(aws.iam.commandCalls(ListVirtualMFADevicesCommand))).toEqual([
      { AssignmentStatus: 'Any', MaxItems: 1000 },
      { AssignmentStatus: 'Any', MaxItems: 1000, Marker: 'm1' },
      { AssignmentStatus: 'Any', MaxItems: 1000, Marker: 'm2' },
    ]);
  });

  it('a denied second page fails the whole datum (never a partial list)', async () => {
    aws.iam.on(ListVirtualMFADevicesCommand)
      .resolvesOnce({ VirtualMFADevices: [{ SerialNumber: arn('mfa', 'alice') }], IsTruncated: true, Marker: 'm1' })
      .rejects(iamError('AccessDenied'));
    const got = await makeCollector().get(virtualMfaDevices);
    expect(got.ok ? undefined : got.error).toMatchObject({ operation: 'ListVirtualMFADevices', code: 'AccessDenied' });
  });

  it('a repeated Marker is an error, not an endless loop', async () => {
    aws.iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: true, Marker: 'same' });
    const got = await makeCollector().get(virtualMfaDevices);
    expect(got.ok).toBe(false);
    expect(aws.iam.commandCalls(ListVirtualMFADevicesCommand)).toHaveLength(2);
  });
});

describe('GetAccountAuthorizationDetails pagination and decoding', () => {
  const adminDoc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
  const s3Doc = { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::my bucket/*' } };

  /** Answers per Filter, honouring the Marker: page 2 only for Marker 'm1'. */
  function authorizationDetails() {
    aws.iam.on(GetAccountAuthorizationDetailsCommand).callsFake((input: { Filter?: string[]; Marker?: string }) => {
      const filter = input.Filter?.join(',');
      const page = input.Marker === undefined ? 1 : input.Marker === 'm1' ? 2 : undefined;
      if (!page) throw new Error(`unexpected Marker ${input.Marker}`);
      const more = page === 1 ? { IsTruncated: true, Marker: 'm1' } : { IsTruncated: false };
      if (filter === 'User') {
        return page === 1
          ? { UserDetailList: [{ UserName: 'alice', Arn: arn('user', 'alice'), GroupList: ['admins'], AttachedManagedPolicies: [], UserPolicyList: [] }], ...more }
          : { UserDetailList: [{
              UserName: 'bob', Arn: arn('user', 'bob'), GroupList: [],
              AttachedManagedPolicies: [{ PolicyName: 'ReadOnlyAccess', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
              UserPolicyList: [{ PolicyName: 'inline-s3', PolicyDocument: urlEncoded(s3Doc) }],
            }], ...more };
      }
      if (filter === 'LocalManagedPolicy') {
        return page === 1
          ? { Policies: [{
              PolicyName: 'admin', Arn: arn('policy', 'admin'), AttachmentCount: 2, DefaultVersionId: 'v2',
              PolicyVersionList: [
                { VersionId: 'v1', IsDefaultVersion: false, Document: urlEncoded(s3Doc) },
                { VersionId: 'v2', IsDefaultVersion: true, Document: urlEncoded(adminDoc) },
              ],
            }], ...more }
          : { Policies: [{
              PolicyName: 's3', Arn: arn('policy', 's3'), AttachmentCount: 0, DefaultVersionId: 'v1',
              PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: urlEncoded(s3Doc) }],
            }, {
              PolicyName: 'broken', Arn: arn('policy', 'broken'), AttachmentCount: 0, DefaultVersionId: 'v1',
              PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: '%7Bnot json' }],
            }], ...more };
      }
      throw new Error(`unexpected Filter ${filter}`);
    });
  }

  it('users: every page, exact inputs (Filter, MaxItems, Marker), attached and inline policies', async () => {
    authorizationDetails();
    const got = await makeCollector().get(iamUsers);
    expect(got).toEqual({
      ok: true,
      value: [
        { name: 'alice', arn: arn('user', 'alice'), attachedPolicies: [], inlinePolicyNames: [], groups: ['admins'] },
        {
          name: 'bob', arn: arn('user', 'bob'), groups: [], inlinePolicyNames: ['inline-s3'],
          attachedPolicies: [{ name: 'ReadOnlyAccess', arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
        },
      ],
    });
    expect(inputsOf(aws.iam.commandCalls(GetAccountAuthorizationDetailsCommand))).toEqual([
      { Filter: ['User'], MaxItems: 1000 },
      { Filter: ['User'], MaxItems: 1000, Marker: 'm1' },
    ]);
  });

  it('local policies: every page, the default version decoded to an object; undecodable → undefined', async () => {
    authorizationDetails();
    const got = await makeCollector().get(iamLocalPolicies);
    expect(got).toEqual({
      ok: true,
      value: [
        { name: 'admin', arn: arn('policy', 'admin'), attachmentCount: 2, defaultVersionId: 'v2', document: adminDoc },
        { name: 's3', arn: arn('policy', 's3'), attachmentCount: 0, defaultVersionId: 'v1', document: s3Doc },
        { name: 'broken', arn: arn('policy', 'broken'), attachmentCount: 0, defaultVersionId: 'v1', document: undefined },
      ],
    });
    expect(inputsOf(aws.iam.commandCalls(GetAccountAuthorizationDetailsCommand))).toEqual([
      { Filter: ['LocalManagedPolicy'], MaxItems: 1000 },
      { Filter: ['LocalManagedPolicy'], MaxItems: 1000, Marker: 'm1' },
    ]);
  });

  it('each entity type is its own stream: users and policies cost one pass each, roles are never read', async () => {
    authorizationDetails();
    const collector = makeCollector();
    await Promise.all([collector.get(iamUsers), collector.get(iamLocalPolicies), collector.get(iamUsers)]);
    const filters = inputsOf(aws.iam.commandCalls(GetAccountAuthorizationDetailsCommand)).map((i) => `${i.Filter?.join()}:${i.Marker ?? ''}`);
    expect(filters.sort()).toEqual(['LocalManagedPolicy:', 'LocalManagedPolicy:m1', 'User:', 'User:m1']);
  });

  it('AccessDenied is a failed Got, not an empty list', async () => {
    aws.iam.on(GetAccountAuthorizationDetailsCommand).rejects(iamError('AccessDenied'));
    const got = await makeCollector().get(iamUsers);
    expect(got.ok ? undefined : got.error).toMatchObject({ service: 'iam', operation: 'GetAccountAuthorizationDetails', code: 'AccessDenied' });
  });
});

describe('roles with AWSSupportAccess (ListEntitiesForPolicy, CIS 1.20)', () => {
  it('one call: the AWS-managed policy ARN, roles only, MaxItems 1000; items mapped to name and id (the API gives no ARN)', async () => {
    aws.iam.on(ListEntitiesForPolicyCommand).resolves({
      PolicyGroups: [], PolicyUsers: [], PolicyRoles: [{ RoleName: 'support', RoleId: 'AROASUPPORT' }], IsTruncated: false,
    });
    expect(await makeCollector().get(supportAccessRoles)).toEqual({
      ok: true, value: [{ name: 'support', id: 'AROASUPPORT' }],
    });
    expect(inputsOf(aws.iam.commandCalls(ListEntitiesForPolicyCommand))).toEqual([
      { PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess', EntityFilter: 'Role', MaxItems: 1000 },
    ]);
    expect(aws.iam.commandCalls(GetAccountAuthorizationDetailsCommand)).toHaveLength(0);
  });

  it('asks for the policy in the account\'s partition (aws-us-gov) ', async () => {
    aws.iam.on(ListEntitiesForPolicyCommand).resolves({ PolicyRoles: [{ RoleName: 'support', RoleId: 'AROASUPPORT' }], IsTruncated: false });
    const got = await makeCollector({ partition: 'aws-us-gov', homeRegion: 'us-gov-west-1' }).get(supportAccessRoles);
    expect(got).toEqual({ ok: true, value: [{ name: 'support', id: 'AROASUPPORT' }] });
    expect(inputsOf(aws.iam.commandCalls(ListEntitiesForPolicyCommand))).toEqual([
      { PolicyArn: 'arn:aws-us-gov:iam::aws:policy/AWSSupportAccess', EntityFilter: 'Role', MaxItems: 1000 },
    ]);
  });

  it('follows the Marker across pages and keeps every role in order', async () => {
    aws.iam.on(ListEntitiesForPolicyCommand).callsFake((input: { Marker?: string }) => {
      if (input.Marker === undefined) return { PolicyRoles: [{ RoleName: 'support', RoleId: 'AROA1' }], IsTruncated: true, Marker: 'm1' };
      if (input.Marker === 'm1') return { PolicyRoles: [{ RoleName: 'AWSReservedSSO_Support_0123', RoleId: 'AROA2' }], IsTruncated: false };
      throw new Error(`unexpected Marker ${input.Marker}`);
    });
    const got = await makeCollector().get(supportAccessRoles);
    expect(got).toEqual({
      ok: true,
      value: [
        { name: 'support', id: 'AROA1' },
        { name: 'AWSReservedSSO_Support_0123', id: 'AROA2' },
      ],
    });
    expect(inputsOf(aws.iam.commandCalls(ListEntitiesForPolicyCommand))).toEqual([
      { PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess', EntityFilter: 'Role', MaxItems: 1000 },
      { PolicyArn: 'arn:aws:iam::aws:policy/AWSSupportAccess', EntityFilter: 'Role', MaxItems: 1000, Marker: 'm1' },
    ]);
  });

  it('no role attached is an empty list (PolicyRoles: [])', async () => {
    aws.iam.on(ListEntitiesForPolicyCommand).resolves({ PolicyGroups: [], PolicyUsers: [{ UserName: 'alice', UserId: 'AIDA1' }], PolicyRoles: [], IsTruncated: false });
    expect(await makeCollector().get(supportAccessRoles)).toEqual({ ok: true, value: [] });
  });

  it('NoSuchEntity (the AWS-managed policy not found) is a failed Got naming ListEntitiesForPolicy, never an empty list', async () => {
    aws.iam.on(ListEntitiesForPolicyCommand).rejects(
      new NoSuchEntityException({ message: 'Policy arn:aws:iam::aws:policy/AWSSupportAccess does not exist or is not attachable.', $metadata: { httpStatusCode: 404 } }),
    );
    const got = await makeCollector().get(supportAccessRoles);
    expect(got.ok).toBe(false);
    expect(got.ok ? undefined : got.error).toEqual({
      service: 'iam', operation: 'ListEntitiesForPolicy', region: 'us-east-1', code: expect.stringMatching(/^NoSuchEntity/),
      message: expect.stringContaining('does not exist'),
    });
  });

  it('AccessDenied on the second page fails the whole datum (never a partial list)', async () => {
    aws.iam.on(ListEntitiesForPolicyCommand)
      .resolvesOnce({ PolicyRoles: [{ RoleName: 'support', RoleId: 'AROA1' }], IsTruncated: true, Marker: 'm1' })
      .rejects(iamError('AccessDenied'));
    const got = await makeCollector().get(supportAccessRoles);
    expect(got.ok ? undefined : got.error).toMatchObject({ service: 'iam', operation: 'ListEntitiesForPolicy', code: 'AccessDenied' });
  });

  it('a response without PolicyRoles, or a role without RoleName, is a failed Got, not "no roles"', async () => {
    aws.iam.on(ListEntitiesForPolicyCommand).resolves({ PolicyGroups: [], PolicyUsers: [], IsTruncated: false });
    const got = await makeCollector().get(supportAccessRoles);
    expect(got.ok ? undefined : got.error).toMatchObject({ operation: 'ListEntitiesForPolicy', code: 'UnexpectedResponse', message: expect.stringMatching(/^PolicyRoles: expected a list/) });

    aws.iam.on(ListEntitiesForPolicyCommand).resolves({ PolicyRoles: [{ RoleId: 'AROA1' }], IsTruncated: false });
    const again = await makeCollector().get(supportAccessRoles);
    expect(again.ok ? undefined : again.error).toMatchObject({ code: 'UnexpectedResponse', message: expect.stringMatching(/^PolicyRoles\[0\]\.RoleName: expected a string/) });
  });
});
