import { EFSClient, DescribeFileSystemsCommand } from '@aws-sdk/client-efs';
import { GetEbsDefaultKmsKeyIdCommand, GetEbsEncryptionByDefaultCommand } from '@aws-sdk/client-ec2';
import { AccessDeniedException, GetAutomatedDiscoveryConfigurationCommand, GetMacieSessionCommand, ListClassificationJobsCommand, Macie2Client } from '@aws-sdk/client-macie2';
import { DescribeDBInstancesCommand, RDSClient } from '@aws-sdk/client-rds';
import { GetBucketEncryptionCommand, GetBucketLocationCommand, GetBucketPolicyCommand, ListBucketsCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ebsDefaults } from '../../../src/collect/ebs.js';
import { fileSystems } from '../../../src/collect/efs.js';
import { macie } from '../../../src/collect/macie.js';
import { dbInstances } from '../../../src/collect/rds.js';
import { allBuckets, bucketEncryption, bucketPolicies } from '../../../src/collect/s3-buckets.js';
import { ACCOUNT, inputsOf, makeCollector, mockAws } from '../../helpers/reader.js';

// The storage datums through the production reader and SDK clients (mocked): inputs, pages, absent vs unreadable,
// malformed answers.
const aws = mockAws();
const s3 = mockClient(S3Client);
const rds = mockClient(RDSClient);
const efs = mockClient(EFSClient);
const macie2 = mockClient(Macie2Client);
afterEach(() => [s3, rds, efs, macie2].forEach((m) => m.reset()));
afterAll(() => [s3, rds, efs, macie2].forEach((m) => m.restore()));

const s3Error = (name: string, message: string) => new S3ServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 404 }, message });
const regionOf = <T>(got: { ok: boolean; value?: Record<string, T> }, region = 'us-east-1') => (got.ok ? got.value![region] : undefined);

describe('S3 bucket datums', () => {
  it('ListBuckets: every page with MaxBuckets, BucketRegion used, GetBucketLocation only where it is missing', async () => {
    s3.on(ListBucketsCommand, { MaxBuckets: 10000 }).resolves({ Buckets: [{ Name: 'b-west', BucketRegion: 'us-west-2' }], ContinuationToken: 'next' });
    s3.on(ListBucketsCommand, { MaxBuckets: 10000, ContinuationToken: 'next' }).resolves({ Buckets: [{ Name: 'a-legacy' }] });
    s3.on(GetBucketLocationCommand).resolves({ LocationConstraint: 'EU' });
    const got = await makeCollector().get(allBuckets);
    expect(got).toEqual({ ok: true, value: { 'a-legacy': { ok: true, value: { region: 'eu-west-1' } }, 'b-west': { ok: true, value: { region: 'us-west-2' } } } });
    expect(Object.keys(got.ok ? got.value : {})).toEqual(['a-legacy', 'b-west']);
    expect(inputsOf(s3.commandCalls(GetBucketLocationCommand))).toEqual([{ Bucket: 'a-legacy', ExpectedBucketOwner: ACCOUNT }]);
  });

  it('GetBucketPolicy: NoSuchBucketPolicy is null (absent), AccessDenied an error, a non-JSON policy UnexpectedResponse', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'none', BucketRegion: 'us-east-1' }, { Name: 'denied', BucketRegion: 'us-east-1' }, { Name: 'garbled', BucketRegion: 'us-east-1' }, { Name: 'one', BucketRegion: 'us-east-1' }] });
    s3.on(GetBucketPolicyCommand, { Bucket: 'none' }).rejects(s3Error('NoSuchBucketPolicy', 'The bucket policy does not exist'));
    s3.on(GetBucketPolicyCommand, { Bucket: 'denied' }).rejects(s3Error('AccessDenied', 'Access Denied'));
    s3.on(GetBucketPolicyCommand, { Bucket: 'garbled' }).resolves({ Policy: '{not json' });
    s3.on(GetBucketPolicyCommand, { Bucket: 'one' }).resolves({ Policy: JSON.stringify({ Statement: { Effect: 'Deny', Principal: '*' } }) });
    const got = await makeCollector().get(bucketPolicies);
    expect(got.ok).toBe(true);
    const v = got.ok ? got.value : {};
    expect(v.none).toEqual({ ok: true, value: null });
    expect(v.denied).toMatchObject({ ok: false, error: { operation: 'GetBucketPolicy', code: 'AccessDenied' } });
    expect(v.garbled).toMatchObject({ ok: false, error: { code: 'UnexpectedResponse' } });
    expect(v.one).toEqual({ ok: true, value: { statements: [{ Effect: 'Deny', Principal: '*' }] } });
  });

  it('GetBucketEncryption: ServerSideEncryptionConfigurationNotFoundError is null; rules kept', async () => {
    s3.on(ListBucketsCommand).resolves({ Buckets: [{ Name: 'plain', BucketRegion: 'eu-west-1' }, { Name: 'kms', BucketRegion: 'eu-west-1' }] });
    s3.on(GetBucketEncryptionCommand, { Bucket: 'plain' }).rejects(s3Error('ServerSideEncryptionConfigurationNotFoundError', 'not found'));
    s3.on(GetBucketEncryptionCommand, { Bucket: 'kms' }).resolves({
      ServerSideEncryptionConfiguration: { Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: 'k' }, BucketKeyEnabled: true }] },
    });
    const got = await makeCollector().get(bucketEncryption);
    expect(got).toEqual({ ok: true, value: { plain: { ok: true, value: null }, kms: { ok: true, value: [{ sseAlgorithm: 'aws:kms', kmsMasterKeyId: 'k', bucketKeyEnabled: true }] } } });
  });

  it('a denied ListBuckets fails the per-bucket datums with the ListBuckets error', async () => {
    s3.on(ListBucketsCommand).rejects(s3Error('AccessDenied', 'Access Denied'));
    const got = await makeCollector().get(bucketPolicies);
    expect(got).toMatchObject({ ok: false, error: { operation: 'ListBuckets', code: 'AccessDenied' } });
  });
});

describe('regional storage datums', () => {
  it('EBS: the flag and the default key; a missing flag is malformed, never "off"', async () => {
    aws.ec2.on(GetEbsEncryptionByDefaultCommand).resolvesOnce({ EbsEncryptionByDefault: true }).resolvesOnce({});
    aws.ec2.on(GetEbsDefaultKmsKeyIdCommand).resolves({ KmsKeyId: 'alias/aws/ebs' });
    expect(regionOf(await makeCollector().get(ebsDefaults))).toEqual({ ok: true, value: { encryptionByDefault: true, defaultKmsKeyId: { ok: true, value: 'alias/aws/ebs' } } });
    expect(regionOf(await makeCollector().get(ebsDefaults))).toMatchObject({ ok: false, error: { code: 'UnexpectedResponse' } });
  });

  it('RDS: every Marker page; an instance without StorageEncrypted is malformed', async () => {
    const inst = (id: string) => ({ DBInstanceIdentifier: id, DBInstanceArn: `arn:aws:rds:us-east-1:${ACCOUNT}:db:${id}`, Engine: 'postgres', StorageEncrypted: true, AutoMinorVersionUpgrade: true, PubliclyAccessible: false, MultiAZ: false });
    rds.on(DescribeDBInstancesCommand, { MaxRecords: 100 }).resolves({ DBInstances: [inst('a')], Marker: 'm1' });
    rds.on(DescribeDBInstancesCommand, { MaxRecords: 100, Marker: 'm1' }).resolves({ DBInstances: [inst('b')] });
    const got = regionOf(await makeCollector().get(dbInstances));
    expect(got).toMatchObject({ ok: true, value: [{ id: 'a', storageEncrypted: true }, { id: 'b' }] });
    rds.reset();
    rds.on(DescribeDBInstancesCommand).resolves({ DBInstances: [{ ...inst('c'), StorageEncrypted: undefined }] });
    expect(regionOf(await makeCollector().get(dbInstances))).toMatchObject({ ok: false, error: { service: 'rds', code: 'UnexpectedResponse' } });
  });

  it('EFS: Marker in, NextMarker out', async () => {
    efs.on(DescribeFileSystemsCommand, { MaxItems: 100 }).resolves({ FileSystems: [{ FileSystemId: 'fs-1', Encrypted: true } as never], NextMarker: 'n1' });
    efs.on(DescribeFileSystemsCommand, { MaxItems: 100, Marker: 'n1' }).resolves({ FileSystems: [{ FileSystemId: 'fs-2', Encrypted: false } as never] });
    const got = regionOf(await makeCollector().get(fileSystems));
    expect(got).toMatchObject({ ok: true, value: [{ id: 'fs-1', encrypted: true, arn: `arn:aws:elasticfilesystem:us-east-1:${ACCOUNT}:file-system/fs-1` }, { id: 'fs-2', encrypted: false }] });
  });

  it('Macie: "Macie is not enabled" is status null; another AccessDeniedException is an error; jobs are counted over pages', async () => {
    const sdkDenied = (message: string) => new AccessDeniedException({ $metadata: { httpStatusCode: 403 }, message });
    macie2.on(GetMacieSessionCommand).rejectsOnce(sdkDenied('Macie is not enabled.')).rejectsOnce(sdkDenied('User is not authorized to perform: macie2:GetMacieSession')).resolves({ status: 'ENABLED' });
    macie2.on(ListClassificationJobsCommand, { maxResults: 200 }).resolves({ items: [{ jobId: '1' }], nextToken: 't' });
    macie2.on(ListClassificationJobsCommand, { maxResults: 200, nextToken: 't' }).resolves({ items: [{ jobId: '2' }] });
    expect(regionOf(await makeCollector().get(macie))).toEqual({ ok: true, value: { status: null } });
    expect(regionOf(await makeCollector().get(macie))).toMatchObject({ ok: false, error: { operation: 'GetMacieSession', code: 'AccessDeniedException' } });
    macie2.on(GetAutomatedDiscoveryConfigurationCommand).resolvesOnce({ status: 'ENABLED' }).rejects(sdkDenied('User is not authorized to perform: macie2:GetAutomatedDiscoveryConfiguration'));
    expect(regionOf(await makeCollector().get(macie))).toEqual({ ok: true, value: { status: 'ENABLED', classificationJobs: 2, automatedDiscovery: { ok: true, value: 'ENABLED' } } });
    // The automated discovery setting is evidence: its denied read stays inside, the region's data stands.
    expect(regionOf(await makeCollector().get(macie))).toMatchObject({
      ok: true, value: { status: 'ENABLED', classificationJobs: 2, automatedDiscovery: { ok: false, error: { operation: 'GetAutomatedDiscoveryConfiguration', code: 'AccessDeniedException' } } },
    });
  });
});
