import {
  CredentialReportNotPresentException, CredentialReportNotReadyException, GenerateCredentialReportCommand, GetCredentialReportCommand,
} from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import { credentialReport, parseCredentialReport } from '../../src/collect/iam.js';
import { CREDENTIAL_REPORT_COLUMNS, credentialReportCsv, rootRow, userRow } from '../helpers/check-state.js';
import { iamError, makeCollector, makeReader, mockAws } from '../helpers/reader.js';

const aws = mockAws();
const GENERATED = new Date('2026-05-31T23:00:00Z');
const CSV = credentialReportCsv([userRow('alice'), userRow('bob', { mfa_active: 'false' })]);
const content = (text: string) => new TextEncoder().encode(text);

describe('credential report datum', () => {
  it('generates (STARTED → COMPLETE, polling) then reads and parses the report', async () => {
    aws.iam.on(GenerateCredentialReportCommand)
      .resolvesOnce({ State: 'STARTED', Description: 'No report exists. Starting a new report generation task' })
      .resolvesOnce({ State: 'INPROGRESS' })
      .resolves({ State: 'COMPLETE' });
    aws.iam.on(GetCredentialReportCommand).resolves({ Content: content(CSV), ReportFormat: 'text/csv', GeneratedTime: GENERATED });
    const sleeps: number[] = [];
    const got = await makeCollector({ sleeps }).get(credentialReport);

    expect(got.ok).toBe(true);
    if (!got.ok) return;
    expect(got.value.columns).toEqual([...CREDENTIAL_REPORT_COLUMNS]);
    expect(got.value.generatedAt).toBe('2026-05-31T23:00:00.000Z');
    expect(got.value.rows.map((r) => [r.user, r.mfa_active])).toEqual([['<root_account>', 'true'], ['alice', 'true'], ['bob', 'false']]);
    expect(got.value.rows[0]!.password_enabled).toBe('not_supported');
    expect(aws.iam.commandCalls(GenerateCredentialReportCommand)).toHaveLength(3);
    expect(aws.iam.commandCalls(GetCredentialReportCommand)).toHaveLength(1);
    expect(sleeps).toHaveLength(2);
  });

  it('waits and asks again when GetCredentialReport says ReportInProgress', async () => {
    aws.iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    const notReady = Object.assign(
      new CredentialReportNotReadyException({ message: 'Report is in progress', $metadata: { httpStatusCode: 404 } }),
      { Code: 'ReportInProgress' },
    );
    aws.iam.on(GetCredentialReportCommand).rejectsOnce(notReady).resolves({ Content: content(CSV), GeneratedTime: GENERATED });
    const sleeps: number[] = [];
    const got = await makeCollector({ sleeps }).get(credentialReport);

    expect(got.ok && got.value.rows.map((r) => r.user)).toEqual(['<root_account>', 'alice', 'bob']);
    expect(aws.iam.commandCalls(GetCredentialReportCommand)).toHaveLength(2);
    expect(sleeps.length).toBeGreaterThanOrEqual(1);
  });

  it.each([
    ['CredentialReportNotReadyException (SDK class, no Code)', () => new CredentialReportNotReadyException({ message: 'in progress', $metadata: {} })],
    ['ReportInProgress (wire code only)', () => iamError('ReportInProgress', 'in progress')],
    ['CredentialReportNotPresentException', () => new CredentialReportNotPresentException({ message: 'not present', $metadata: {} })],
  ])('retries GetCredentialReport on %s', async (_name, make) => {
    aws.iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    aws.iam.on(GetCredentialReportCommand).rejectsOnce(make()).resolves({ Content: content(CSV) });
    const got = await makeCollector().get(credentialReport);
    expect(got.ok && got.value.rows).toHaveLength(3);
    expect(aws.iam.commandCalls(GetCredentialReportCommand)).toHaveLength(2);
  });

  it('AccessDenied on GenerateCredentialReport is a failed Got naming iam:GenerateCredentialReport', async () => {
    aws.iam.on(GenerateCredentialReportCommand).rejects(iamError('AccessDenied'));
    const collector = makeCollector();
    const got = await collector.get(credentialReport);
    expect(got).toEqual({
      ok: false,
      error: expect.objectContaining({ service: 'iam', operation: 'GenerateCredentialReport', region: 'us-east-1', code: 'AccessDenied' }),
    });
    expect(aws.iam.commandCalls(GetCredentialReportCommand)).toHaveLength(0);
    expect(collector.unexpectedErrors).toEqual([]);
  });

  it('AccessDenied on GetCredentialReport names iam:GetCredentialReport', async () => {
    aws.iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    aws.iam.on(GetCredentialReportCommand).rejects(iamError('AccessDenied'));
    const got = await makeCollector().get(credentialReport);
    expect(got.ok ? undefined : got.error).toMatchObject({ operation: 'GetCredentialReport', code: 'AccessDenied' });
  });

  it('gives up after bounded polling with a failed Got (never an empty report)', async () => {
    aws.iam.on(GenerateCredentialReportCommand).resolves({ State: 'INPROGRESS' });
    const collector = makeCollector();
    const got = await collector.get(credentialReport);
    expect(got.ok).toBe(false);
    expect(aws.iam.commandCalls(GenerateCredentialReportCommand).length).toBeLessThanOrEqual(30);
    expect(collector.unexpectedErrors).toHaveLength(1);
  });

  it('accepts Content given as a string (snapshot replay) as well as bytes', async () => {
    aws.iam.on(GenerateCredentialReportCommand).resolves({ State: 'COMPLETE' });
    aws.iam.on(GetCredentialReportCommand).resolves({ Content: CSV as unknown as Uint8Array });
    const got = await makeCollector().get(credentialReport);
    expect(got.ok && got.value.rows).toHaveLength(3);
  });
});

describe('parseCredentialReport', () => {
  it('maps cells by header name, tolerating extra and reordered columns', () => {
    const columns = ['arn', 'new_column', ...CREDENTIAL_REPORT_COLUMNS.filter((c) => c !== 'arn')];
    const report = parseCredentialReport(credentialReportCsv([userRow('alice', { new_column: 'x' })], { columns }));
    expect(report.columns).toEqual(columns);
    expect(report.rows[1]).toMatchObject({ user: 'alice', new_column: 'x', arn: 'arn:aws:iam::111122223333:user/alice' });
  });

  it('handles CRLF line endings and a trailing newline', () => {
    const report = parseCredentialReport(credentialReportCsv([userRow('alice')], { eol: '\r\n' }));
    expect(report.rows.map((r) => r.user)).toEqual(['<root_account>', 'alice']);
    expect(report.rows[1]!.cert_2_last_rotated).toBe('N/A');
  });

  it('keeps quoted commas inside one cell', () => {
    const report = parseCredentialReport(credentialReportCsv([userRow('a,b', { mfa_active: 'false' })]));
    expect(report.rows[1]).toMatchObject({ user: 'a,b', mfa_active: 'false' });
  });

  it('keeps the root row exactly as IAM writes it', () => {
    const report = parseCredentialReport(credentialReportCsv([], { root: rootRow() }));
    expect(report.rows[0]).toMatchObject({
      user: '<root_account>', password_enabled: 'not_supported', password_last_changed: 'not_supported',
      password_next_rotation: 'not_supported', access_key_1_last_rotated: 'N/A',
    });
  });

  it('rejects text without a user/arn header', () => {
    expect(() => parseCredentialReport('hello,world\n1,2\n')).toThrow(/header/);
  });
});
