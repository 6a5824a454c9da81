import { BatchImportFindingsCommand, SecurityHubClient } from '@aws-sdk/client-securityhub';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { LiveTransport } from '../../src/aws/live-transport.js';
import { checkSecurityHubFlags, exportToSecurityHub } from '../../src/cli/security-hub-export.js';
import { permissionsPolicy } from '../../src/cli/permissions.js';
import { CIS_AWS_1_2_0 } from '../../src/benchmark/index.js';
import { importFindings } from '../../src/publish/security-hub.js';
import { asffFindings, asffId, renderAsff, resourceType, type AsffFinding } from '../../src/report/asff.js';
import { ACCOUNT, fixtureReport, SSH_OPEN, user } from './fixture.js';

// ASFF findings and their import into Security Hub (BatchImportFindings on the real SDK client, send mocked).
const sh = mockClient(SecurityHubClient);
beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret-for-tests';
});
afterEach(() => sh.reset());
const noWait = { sleep: async () => {} };

describe('ASFF', () => {
  const report = fixtureReport();
  const findings = asffFindings(report, 'eu-west-1');

  it('has one finding per control and resource with a stable id, the account product and the generator', () => {
    const ssh = findings.filter((f) => f.GeneratorId === 'cis-audit/cis-1.2.0/4.1' && (f.Compliance as { Status: string }).Status === 'FAILED');
    expect(ssh.map((f) => (f.Resources as Array<{ Id: string }>)[0]!.Id)).toEqual(SSH_OPEN);
    expect(ssh[0]).toMatchObject({
      SchemaVersion: '2018-10-08', AwsAccountId: ACCOUNT, Region: 'eu-west-1',
      ProductArn: `arn:aws:securityhub:eu-west-1:${ACCOUNT}:product/${ACCOUNT}/default`,
      Severity: { Label: 'HIGH' }, Compliance: { Status: 'FAILED', RelatedRequirements: ['CIS AWS Foundations Benchmark v1.2.0/4.1'] },
      RecordState: 'ACTIVE', Workflow: { Status: 'NEW' },
      Resources: [{ Type: 'AwsEc2SecurityGroup', Id: SSH_OPEN[0], Partition: 'aws', Region: 'us-east-1' }],
    });
    expect(new Set(findings.map((f) => f.Id)).size).toBe(findings.length);
    expect(asffFindings(fixtureReport(), 'eu-west-1').map((f) => f.Id)).toEqual(findings.map((f) => f.Id));
    expect(asffId('cis-1.2.0', '4.1', { resource: SSH_OPEN[0]!, region: 'us-east-1' })).toBe(ssh[0]!.Id);
  });

  it('maps statuses: PASS → PASSED and ARCHIVED, ERROR → WARNING, NOT_APPLICABLE → NOT_AVAILABLE, never NOT_IMPLEMENTED', () => {
    const by = (status: string) => findings.filter((f) => (f.ProductFields as Record<string, string>)['cis-audit/status'] === status);
    expect(by('PASS').every((f) => (f.Compliance as { Status: string }).Status === 'PASSED' && f.RecordState === 'ARCHIVED')).toBe(true);
    expect(by('ERROR').length).toBeGreaterThan(0);
    expect(by('ERROR').every((f) => (f.Compliance as { Status: string }).Status === 'WARNING')).toBe(true);
    expect(by('NOT_APPLICABLE').every((f) => (f.Compliance as { Status: string }).Status === 'NOT_AVAILABLE')).toBe(true);
    expect(by('NOT_IMPLEMENTED')).toEqual([]);
    expect(by('SUPPRESSED').every((f) => (f.Workflow as { Status: string }).Status === 'SUPPRESSED')).toBe(true);
  });

  it('types resources by ARN and renders as {"Findings": [...]}', () => {
    expect(resourceType(user('bob'))).toBe('AwsIamUser');
    expect(resourceType(`arn:aws:iam::${ACCOUNT}:root`)).toBe('AwsAccount');
    expect(resourceType('arn:aws:s3:::bucket')).toBe('AwsS3Bucket');
    expect(resourceType('arn:aws:cloudtrail:us-east-1:1:trail/t')).toBe('AwsCloudTrailTrail');
    expect(resourceType('not an arn')).toBe('Other');
    expect(JSON.parse(renderAsff(report, { color: false })).Findings).toHaveLength(findings.length);
  });
});

const batchOf = (n: number): AsffFinding[] => Array.from({ length: n }, (_, i) => ({ Id: `f-${i}` }));

describe('import into Security Hub', () => {
  it('sends batches of at most 100', async () => {
    sh.on(BatchImportFindingsCommand).callsFake(async (input) => ({ FailedCount: 0, SuccessCount: input.Findings.length, FailedFindings: [] }));
    const out = await importFindings(new LiveTransport(), 'eu-west-1', batchOf(250), noWait);
    expect(sh.commandCalls(BatchImportFindingsCommand).map((c) => c.args[0].input.Findings!.length)).toEqual([100, 100, 50]);
    expect(out).toEqual({ imported: 250, failed: [], batches: 3 });
  });

  it('retries a throttled batch, then reports findings Security Hub rejected one by one', async () => {
    sh.on(BatchImportFindingsCommand)
      .rejectsOnce(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException', $fault: 'client' }))
      .resolves({ FailedCount: 1, SuccessCount: 2, FailedFindings: [{ Id: 'f-1', ErrorCode: 'InvalidInput', ErrorMessage: 'Finding does not adhere to ASFF' }] });
    const out = await importFindings(new LiveTransport({ maxAttempts: 1 }), 'eu-west-1', batchOf(3), noWait);
    expect(sh.commandCalls(BatchImportFindingsCommand)).toHaveLength(2);
    expect(out).toEqual({ imported: 2, failed: [{ id: 'f-1', code: 'InvalidInput', message: 'Finding does not adhere to ASFF' }], batches: 1 });
  });

  it('counts a refused batch as every finding of it failed, and goes on with the next', async () => {
    sh.on(BatchImportFindingsCommand)
      .rejectsOnce(Object.assign(new Error('not subscribed to AWS Security Hub'), { name: 'InvalidAccessException', $fault: 'client' }))
      .resolves({ FailedCount: 0, SuccessCount: 5, FailedFindings: [] });
    const out = await importFindings(new LiveTransport({ maxAttempts: 1 }), 'eu-west-1', batchOf(105), noWait);
    expect(out.imported).toBe(5);
    expect(out.failed).toHaveLength(100);
    expect(out.failed[0]).toEqual({ id: 'f-0', code: 'InvalidAccessException', message: 'not subscribed to AWS Security Hub' });
  });

  it('turns a rejection into exit 3 for a compliant scan, keeps 1, and names what was rejected', async () => {
    sh.on(BatchImportFindingsCommand).callsFake(async (input) => ({ FailedCount: 1, SuccessCount: input.Findings.length - 1, FailedFindings: [{ Id: input.Findings[0].Id, ErrorCode: 'InvalidInput', ErrorMessage: 'bad' }] }));
    const report = fixtureReport();
    const lines: string[] = [];
    expect(await exportToSecurityHub(report, new LiveTransport(), { 'to-security-hub': true, 'security-hub-region': 'eu-west-1' }, 0, (s) => lines.push(s))).toBe(3);
    expect(await exportToSecurityHub(report, new LiveTransport(), { 'to-security-hub': true }, 1, (s) => lines.push(s))).toBe(1);
    expect(lines[0]).toMatch(/^Security Hub \(eu-west-1\): imported \d+ of \d+ findings in 1 batch\(es\); 1 rejected\n$/);
    expect(lines[1]).toMatch(/^ {2}rejected cis-audit\/cis-1\.2\.0\/.+: InvalidInput \(bad\)\n$/);
    expect(sh.commandCalls(BatchImportFindingsCommand)[1]!.args[0].input.Findings![0]!.ProductArn).toBe(`arn:aws:securityhub:us-east-1:${ACCOUNT}:product/${ACCOUNT}/default`);
  });

  it('refuses --to-security-hub with --snapshot and a region flag without it, before any call', () => {
    expect(() => checkSecurityHubFlags({ 'to-security-hub': true, snapshot: 'x.json' })).toThrow(/cannot be combined with --snapshot/);
    expect(() => checkSecurityHubFlags({ 'security-hub-region': 'eu-west-1' })).toThrow(/only applies with --to-security-hub/);
    expect(() => checkSecurityHubFlags({ 'to-security-hub': true, 'security-hub-region': 'europe' })).toThrow(/not a region name/);
  });

  it('asks for securityhub:BatchImportFindings only when the flag is used', () => {
    const actions = (p: Record<string, any>) => p.Statement.flatMap((s: { Action: string[] }) => s.Action);
    expect(actions(permissionsPolicy(CIS_AWS_1_2_0.controls, false))).not.toContain('securityhub:BatchImportFindings');
    const policy = permissionsPolicy(CIS_AWS_1_2_0.controls, false, true) as { Statement: unknown[] };
    expect(policy.Statement.at(-1)).toEqual({ Sid: 'CisAuditSecurityHubImport', Effect: 'Allow', Action: ['securityhub:BatchImportFindings'], Resource: 'arn:aws:securityhub:*:*:product/*/default' });
  });
});
