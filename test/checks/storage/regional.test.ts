import { describe, expect, it } from 'vitest';
import { ebsDefaults } from '../../../src/collect/ebs.js';
import { fileSystems, type FileSystem } from '../../../src/collect/efs.js';
import { macie } from '../../../src/collect/macie.js';
import { dbClusters, dbInstances, type DbCluster, type DbInstance } from '../../../src/collect/rds.js';
import { ebsDefaultEncryptionCheck } from '../../../src/checks/storage/ebs-default-encryption.js';
import { efsEncryptedCheck } from '../../../src/checks/storage/efs-encrypted.js';
import { rdsAutoMinorVersionUpgradeCheck, rdsMultiAzCheck, rdsNotPublicCheck, rdsStorageEncryptedCheck } from '../../../src/checks/storage/rds.js';
import { s3DataClassifiedCheck } from '../../../src/checks/storage/s3-data-classified.js';
import { ok } from '../../../src/model/got.js';
import { ACCOUNT, evaluate, statuses } from '../../helpers/check-state.js';
import { ACCOUNT_ARN, EAST, THROTTLED, WEST, regional, s3Error } from './fixtures.js';

const denied = (service: string, operation: string, region = EAST) => s3Error<never>(operation, 'AccessDenied', service, region);
const throttled = (service: string, operation: string, region = EAST) => s3Error<never>(operation, THROTTLED, service, region);

describe('ebs-default-encryption', () => {
  const run = (per: Parameters<typeof regional>[0], regions = [EAST, WEST]) => evaluate(ebsDefaultEncryptionCheck, [[ebsDefaults, regional(per)]], { regions });

  it('PASS where encryption by default is on (with the key as evidence), FAIL where it is off', () => {
    const findings = run({
      [EAST]: { encryptionByDefault: true, defaultKmsKeyId: ok('alias/aws/ebs') },
      [WEST]: { encryptionByDefault: false, defaultKmsKeyId: ok('alias/aws/ebs') },
    });
    expect(findings.map((f) => [f.region, f.status, f.resource])).toEqual([[EAST, 'PASS', ACCOUNT_ARN], [WEST, 'FAIL', ACCOUNT_ARN]]);
    expect(findings[0]!.message).toContain('alias/aws/ebs');
    expect(findings[1]!.evidence[0]).toMatchObject({ source: 'ec2:GetEbsEncryptionByDefault', field: 'EbsEncryptionByDefault', value: false });
  });

  it('a denied key read is evidence only: the verdict still stands', () => {
    const findings = run({ [EAST]: { encryptionByDefault: true, defaultKmsKeyId: denied('ec2', 'GetEbsDefaultKmsKeyId') } }, [EAST]);
    expect(statuses(findings)).toEqual(['PASS']);
    expect(findings[0]!.evidence[1]).toMatchObject({ source: 'ec2:GetEbsDefaultKmsKeyId', field: 'error', value: { code: 'AccessDenied' } });
  });

  it('denied or throttled GetEbsEncryptionByDefault is ERROR for that region; a region not collected is ERROR', () => {
    const findings = run({ [EAST]: denied('ec2', 'GetEbsEncryptionByDefault'), [WEST]: throttled('ec2', 'GetEbsEncryptionByDefault', WEST) }, [EAST, WEST, 'eu-west-1']);
    expect(findings.map((f) => [f.region, f.status, f.error?.code])).toEqual([[EAST, 'ERROR', 'AccessDenied'], [WEST, 'ERROR', THROTTLED], ['eu-west-1', 'ERROR', 'NotCollected']]);
  });

  it('has no NOT_APPLICABLE case: every region has the setting, so no region means no findings', () => {
    expect(run({}, [])).toEqual([]);
  });
});

const instance = (id: string, over: Partial<DbInstance> = {}): DbInstance => ({
  id, arn: `arn:aws:rds:${EAST}:${ACCOUNT}:db:${id}`, engine: 'postgres', storageEncrypted: true, autoMinorVersionUpgrade: true,
  publiclyAccessible: false, multiAz: true, availabilityZone: 'us-east-1a', ...over,
});

describe.each([
  ['rds-storage-encrypted', rdsStorageEncryptedCheck, { storageEncrypted: false }, 'StorageEncrypted', 'has unencrypted storage'],
  ['rds-auto-minor-version-upgrade', rdsAutoMinorVersionUpgradeCheck, { autoMinorVersionUpgrade: false }, 'AutoMinorVersionUpgrade', 'does not upgrade minor versions'],
  ['rds-not-public', rdsNotPublicCheck, { publiclyAccessible: true }, 'PubliclyAccessible', 'is publicly accessible'],
] as const)('%s', (_id, check, bad, field, badText) => {
  const run = (per: Parameters<typeof regional>[0], regions = [EAST]) => evaluate(check, [[dbInstances, regional(per)]], { regions });

  it('PASS and FAIL per instance, with the field as evidence', () => {
    const findings = run({ [EAST]: [instance('good'), instance('bad', bad)] });
    expect(findings.map((f) => [f.resource, f.status])).toEqual([
      [`arn:aws:rds:${EAST}:${ACCOUNT}:db:good`, 'PASS'], [`arn:aws:rds:${EAST}:${ACCOUNT}:db:bad`, 'FAIL'],
    ]);
    expect(findings[1]!.message).toContain(badText);
    expect(findings[1]!.evidence[0]).toMatchObject({ source: 'rds:DescribeDBInstances', field: `DBInstances[bad].${field}` });
  });

  it('an Aurora cluster member is judged as its instance, naming the cluster', () => {
    const findings = run({ [EAST]: [instance('aurora-1', { engine: 'aurora-postgresql', clusterId: 'orders', ...bad })] });
    expect(statuses(findings)).toEqual(['FAIL']);
    expect(findings[0]!.message).toContain('cluster orders');
    expect(findings[0]!.evidence[1]).toMatchObject({ field: 'DBInstances[aurora-1].DBClusterIdentifier', value: 'orders' });
  });

  it('denied or throttled DescribeDBInstances is ERROR per region', () => {
    const findings = run({ [EAST]: denied('rds', 'DescribeDBInstances'), [WEST]: throttled('rds', 'DescribeDBInstances', WEST) }, [EAST, WEST]);
    expect(findings.map((f) => [f.region, f.status, f.error?.code])).toEqual([[EAST, 'ERROR', 'AccessDenied'], [WEST, 'ERROR', THROTTLED]]);
  });

  it('NOT_APPLICABLE for a region without instances', () => {
    expect(run({ [EAST]: [] })).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', resource: ACCOUNT_ARN, region: EAST })]);
  });
});

describe('rds-multi-az (evidence only)', () => {
  const cluster = (id: string, over: Partial<DbCluster> = {}): DbCluster => ({
    id, arn: `arn:aws:rds:${EAST}:${ACCOUNT}:cluster:${id}`, engine: 'aurora-postgresql', multiAz: true, availabilityZones: ['us-east-1a', 'us-east-1b'], members: ['a-1', 'a-2'], ...over,
  });
  const run = (inst: Parameters<typeof regional>[0], clusters: Parameters<typeof regional>[0], regions = [EAST]) =>
    evaluate(rdsMultiAzCheck, [[dbInstances, regional(inst)], [dbClusters, regional(clusters)]], { regions });

  it('is marked evidence-only', () => expect(rdsMultiAzCheck.evidenceOnly).toBe(true));

  it('MANUAL per instance with MultiAZ; a cluster member shows the cluster\'s MultiAZ', () => {
    const findings = run({ [EAST]: [instance('single', { multiAz: false }), instance('a-1', { clusterId: 'orders', multiAz: false })] }, { [EAST]: [cluster('orders')] });
    expect(statuses(findings)).toEqual(['MANUAL', 'MANUAL']);
    expect(findings[0]!.message).toContain('MultiAZ is false');
    expect(findings[0]!.evidence[0]).toMatchObject({ field: 'DBInstances[single].MultiAZ', value: false });
    expect(findings[1]!.message).toContain('cluster orders MultiAZ is true (2 member(s))');
    expect(findings[1]!.evidence).toContainEqual(expect.objectContaining({ source: 'rds:DescribeDBClusters', field: 'DBClusters[orders].MultiAZ', value: true }));
  });

  it('an unreadable region or cluster list stays MANUAL, carrying the read error as evidence', () => {
    const findings = run({ [EAST]: denied('rds', 'DescribeDBInstances'), [WEST]: [instance('a-1', { clusterId: 'orders' })] }, { [WEST]: throttled('rds', 'DescribeDBClusters', WEST) }, [EAST, WEST]);
    expect(statuses(findings)).toEqual(['MANUAL', 'MANUAL']);
    expect(findings[0]!.evidence[0]).toMatchObject({ source: 'rds:DescribeDBInstances', field: 'error', value: { code: 'AccessDenied' } });
    expect(findings[1]!.evidence).toContainEqual(expect.objectContaining({ source: 'rds:DescribeDBClusters', field: 'error' }));
  });

  it('NOT_APPLICABLE without instances', () => {
    expect(statuses(run({ [EAST]: [] }, { [EAST]: [] }))).toEqual(['NOT_APPLICABLE']);
  });
});

describe('efs-encrypted', () => {
  const fs = (id: string, encrypted: boolean, over: Partial<FileSystem> = {}): FileSystem => ({
    id, arn: `arn:aws:elasticfilesystem:${EAST}:${ACCOUNT}:file-system/${id}`, encrypted, ...over,
  });
  const run = (per: Parameters<typeof regional>[0], regions = [EAST]) => evaluate(efsEncryptedCheck, [[fileSystems, regional(per)]], { regions });

  it('PASS for an encrypted file system, FAIL for an unencrypted one, per file system', () => {
    const findings = run({ [EAST]: [fs('fs-1', true, { name: 'shared', kmsKeyId: 'arn:aws:kms:us-east-1:111122223333:key/k' }), fs('fs-2', false)] });
    expect(findings.map((f) => [f.resource, f.status])).toEqual([
      [`arn:aws:elasticfilesystem:${EAST}:${ACCOUNT}:file-system/fs-1`, 'PASS'], [`arn:aws:elasticfilesystem:${EAST}:${ACCOUNT}:file-system/fs-2`, 'FAIL'],
    ]);
    expect(findings[0]!.message).toBe('fs-1 (shared) is encrypted at rest');
    expect(findings[1]!.evidence[0]).toMatchObject({ source: 'efs:DescribeFileSystems', field: 'FileSystems[fs-2].Encrypted', value: false });
  });

  it('denied or throttled DescribeFileSystems is ERROR per region', () => {
    const findings = run({ [EAST]: denied('efs', 'DescribeFileSystems'), [WEST]: throttled('efs', 'DescribeFileSystems', WEST) }, [EAST, WEST]);
    expect(findings.map((f) => [f.status, f.error?.code])).toEqual([['ERROR', 'AccessDenied'], ['ERROR', THROTTLED]]);
  });

  it('NOT_APPLICABLE for a region without file systems', () => {
    expect(run({ [EAST]: [] })).toEqual([expect.objectContaining({ status: 'NOT_APPLICABLE', region: EAST })]);
  });
});

describe('s3-data-classified (evidence only)', () => {
  const run = (per: Parameters<typeof regional>[0], regions = [EAST]) => evaluate(s3DataClassifiedCheck, [[macie, regional(per)]], { regions });

  it('is marked evidence-only', () => expect(s3DataClassifiedCheck.evidenceOnly).toBe(true));

  it('MANUAL with Macie status and job count; Macie not enabled is evidence, not ERROR', () => {
    const findings = run({ [EAST]: { status: 'ENABLED', classificationJobs: 3 }, [WEST]: { status: null } }, [EAST, WEST]);
    expect(statuses(findings)).toEqual(['MANUAL', 'MANUAL']);
    expect(findings[0]!.message).toContain('Macie is ENABLED with 3 classification job(s)');
    expect(findings[0]!.evidence).toContainEqual(expect.objectContaining({ source: 'macie2:ListClassificationJobs', value: 3 }));
    expect(findings[1]!.message).toContain('Macie is not enabled');
    expect(findings[1]!.evidence[0]).toMatchObject({ source: 'macie2:GetMacieSession', field: 'status', value: null });
  });

  it('shows automated sensitive data discovery, or its read error, as evidence', () => {
    const findings = run({ [EAST]: { status: 'ENABLED', classificationJobs: 0, automatedDiscovery: ok('ENABLED') }, [WEST]: { status: 'ENABLED', classificationJobs: 1, automatedDiscovery: denied('macie2', 'GetAutomatedDiscoveryConfiguration', WEST) } }, [EAST, WEST]);
    expect(statuses(findings)).toEqual(['MANUAL', 'MANUAL']);
    expect(findings[0]!.message).toContain('0 classification job(s), automated discovery ENABLED');
    expect(findings[0]!.evidence).toContainEqual(expect.objectContaining({ source: 'macie2:GetAutomatedDiscoveryConfiguration', field: 'status', value: 'ENABLED' }));
    expect(findings[1]!.evidence).toContainEqual(expect.objectContaining({ source: 'macie2:GetAutomatedDiscoveryConfiguration', field: 'error', value: expect.objectContaining({ code: 'AccessDenied' }) }));
  });

  it('a denied or throttled read stays MANUAL with the error as evidence (a manual item never makes the scan incomplete)', () => {
    const findings = run({ [EAST]: denied('macie2', 'GetMacieSession'), [WEST]: throttled('macie2', 'ListClassificationJobs', WEST) }, [EAST, WEST]);
    expect(statuses(findings)).toEqual(['MANUAL', 'MANUAL']);
    expect(findings[0]!.evidence[0]).toMatchObject({ source: 'macie2:GetMacieSession', field: 'error', value: { code: 'AccessDenied' } });
    expect(findings[1]!.message).toContain(THROTTLED);
  });

  it('no regions: no findings (nothing to gather)', () => expect(run({}, [])).toEqual([]));
});
