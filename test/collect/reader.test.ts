import {
  GetAccountAuthorizationDetailsCommand, GetAccountPasswordPolicyCommand, GetCredentialReportCommand, ListVirtualMFADevicesCommand,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { describe, expect, it } from 'vitest';
import { AwsCallError } from '../../src/aws/errors.js';
import { credentialReportCsv, userRow } from '../helpers/check-state.js';
import { CALLER_ARN, iamError, makeReader, mockAws } from '../helpers/reader.js';

const aws = mockAws();

describe('AwsReader', () => {
  it('counts calls per service:operation, including failed ones', async () => {
    aws.iam.on(GetAccountPasswordPolicyCommand).rejects(iamError('AccessDenied'));
    aws.iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: false });
    aws.sts.on(GetCallerIdentityCommand).resolves({ Account: '111122223333', Arn: CALLER_ARN, UserId: 'AIDA' });
    const reader = makeReader();
    await reader.call('sts', 'us-east-1', 'GetCallerIdentity');
    await reader.call('iam', 'us-east-1', 'ListVirtualMFADevices', {});
    await reader.call('iam', 'us-east-1', 'ListVirtualMFADevices', { Marker: 'x' });
    await expect(reader.call('iam', 'us-east-1', 'GetAccountPasswordPolicy')).rejects.toBeInstanceOf(AwsCallError);
    expect(Object.fromEntries(reader.calls)).toEqual({
      'sts:GetCallerIdentity': 1, 'iam:ListVirtualMFADevices': 2, 'iam:GetAccountPasswordPolicy': 1,
    });
    expect(reader.totalCalls).toBe(4);
    expect(reader.recorded).toEqual([]);
  });

  it('normalizes SDK errors to AwsCallError with the AWS code and the call', async () => {
    aws.iam.on(GetAccountPasswordPolicyCommand).rejects(iamError('AccessDenied', 'not authorized to perform: iam:GetAccountPasswordPolicy'));
    const err = await makeReader().call('iam', 'us-east-1', 'GetAccountPasswordPolicy').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AwsCallError);
    expect((err as AwsCallError).toReadError()).toEqual({
      service: 'iam', operation: 'GetAccountPasswordPolicy', region: 'us-east-1', code: 'AccessDenied',
      message: 'not authorized to perform: iam:GetAccountPasswordPolicy',
    });
  });

  it('passes the exact input to the SDK command and strips $metadata from the output', async () => {
    aws.iam.on(ListVirtualMFADevicesCommand).resolves({ VirtualMFADevices: [], IsTruncated: false, $metadata: { httpStatusCode: 200 } } as never);
    const out = await makeReader().call('iam', 'us-east-1', 'ListVirtualMFADevices', { AssignmentStatus: 'Any', MaxItems: 5 });
    expect(out).toEqual({ VirtualMFADevices: [], IsTruncated: false });
    expect(aws.iam.commandCalls(ListVirtualMFADevicesCommand)[0]!.args[0].input).toEqual({ AssignmentStatus: 'Any', MaxItems: 5 });
  });

  describe('with record: true', () => {
    it('records input and output with Dates as ISO strings', async () => {
      const created = new Date('2024-02-03T04:05:06.789Z');
      aws.iam.on(ListVirtualMFADevicesCommand).resolves({
        VirtualMFADevices: [{ SerialNumber: 'arn:aws:iam::111122223333:mfa/a', EnableDate: created, User: { UserName: 'a', UserId: 'A', Arn: 'arn:aws:iam::111122223333:user/a', Path: '/', CreateDate: created } }],
        IsTruncated: true, Marker: 'm1',
      });
      const reader = makeReader({ record: true });
      const live = await reader.call('iam', 'us-east-1', 'ListVirtualMFADevices', { AssignmentStatus: 'Any', Marker: 'm0' });
      expect((live as { VirtualMFADevices: Array<{ EnableDate: unknown }> }).VirtualMFADevices[0]!.EnableDate).toBeInstanceOf(Date);
      expect(reader.recorded).toEqual([{
        service: 'iam', region: 'us-east-1', operation: 'ListVirtualMFADevices',
        input: { AssignmentStatus: 'Any', Marker: 'm0' },
        output: {
          VirtualMFADevices: [{
            SerialNumber: 'arn:aws:iam::111122223333:mfa/a', EnableDate: '2024-02-03T04:05:06.789Z',
            User: { UserName: 'a', UserId: 'A', Arn: 'arn:aws:iam::111122223333:user/a', Path: '/', CreateDate: '2024-02-03T04:05:06.789Z' },
          }],
          IsTruncated: true, Marker: 'm1',
        },
      }]);
      expect(JSON.parse(JSON.stringify(reader.recorded))).toEqual(reader.recorded);
    });

    it('records the credential report Content as CSV text', async () => {
      const csv = credentialReportCsv([userRow('alice')]);
      aws.iam.on(GetCredentialReportCommand).resolves({
        Content: new TextEncoder().encode(csv), ReportFormat: 'text/csv', GeneratedTime: new Date('2026-05-31T23:00:00Z'),
      });
      const reader = makeReader({ record: true });
      await reader.call('iam', 'us-east-1', 'GetCredentialReport', {});
      expect(reader.recorded[0]!.output).toEqual({ Content: csv, ReportFormat: 'text/csv', GeneratedTime: '2026-05-31T23:00:00.000Z' });
    });

    it('records policy documents decoded (as IAM sends them URL-encoded)', async () => {
      const doc = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
      const trust = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::999988887777:root' }, Action: 'sts:AssumeRole' }] };
      aws.iam.on(GetAccountAuthorizationDetailsCommand).resolves({
        UserDetailList: [{ UserName: 'u', UserPolicyList: [{ PolicyName: 'inline', PolicyDocument: encodeURIComponent(JSON.stringify(doc)) }] }],
        RoleDetailList: [{ RoleName: 'r', AssumeRolePolicyDocument: encodeURIComponent(JSON.stringify(trust)) }],
        Policies: [{ PolicyName: 'p', PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: encodeURIComponent(JSON.stringify(doc)) }] }],
        IsTruncated: false,
      });
      const reader = makeReader({ record: true });
      await reader.call('iam', 'us-east-1', 'GetAccountAuthorizationDetails', { Filter: ['User', 'Role', 'LocalManagedPolicy'], MaxItems: 1000 });
      const out = reader.recorded[0]!.output as {
        UserDetailList: Array<{ UserPolicyList: Array<{ PolicyDocument: unknown }> }>;
        RoleDetailList: Array<{ AssumeRolePolicyDocument: unknown }>;
        Policies: Array<{ PolicyVersionList: Array<{ Document: unknown }> }>;
      };
      expect(out.UserDetailList[0]!.UserPolicyList[0]!.PolicyDocument).toEqual(doc);
      expect(out.RoleDetailList[0]!.AssumeRolePolicyDocument).toEqual(trust);
      expect(out.Policies[0]!.PolicyVersionList[0]!.Document).toEqual(doc);
      expect(reader.recorded[0]!.input).toEqual({ Filter: ['User', 'Role', 'LocalManagedPolicy'], MaxItems: 1000 });
    });

    it('records a failed call with its error code and message', async () => {
      aws.iam.on(GetAccountPasswordPolicyCommand).rejects(iamError('AccessDenied', 'denied'));
      const reader = makeReader({ record: true });
      await expect(reader.call('iam', 'us-east-1', 'GetAccountPasswordPolicy', {})).rejects.toThrow('denied');
      expect(reader.recorded).toEqual([{
        service: 'iam', region: 'us-east-1', operation: 'GetAccountPasswordPolicy', input: {},
        error: { code: 'AccessDenied', message: 'denied' },
      }]);
    });
  });
});
