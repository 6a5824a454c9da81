import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { scanCommand, type ScanFlags } from '../../src/cli/run-scan.js';
import { UsageError } from '../../src/model/errors.js';
import { serveAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import { bridgeSdkTo } from '../helpers/sdk-bridge.js';

// `scan --role-arn`: one account through an assumed role, on the real SDK clients with send() mocked.
const TOOL = { name: 'cis-audit', version: 'test' };
const ROLE = 'arn:aws:iam::210987654321:role/cis-audit';

const flags = (over: Partial<ScanFlags> = {}): ScanFlags => ({
  format: 'json', 'fail-on': 'LOW', debug: false, concurrency: 4, 'root-usage-days': 90, 'strict-patterns': false, control: ['1.9'], ...over,
});

function capture(over: Record<string, unknown> = {}) {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (s: string) => void (out.stdout += s), stderr: (s: string) => void (out.stderr += s), stdoutIsTTY: false, stderrIsTTY: false, env: { AWS_REGION: 'us-east-1' }, ...over } };
}

let bridge: ReturnType<typeof bridgeSdkTo> | undefined;
function serve(denied = false) {
  const fake = serveAccount(demoAccount());
  fake.on('sts', 'AssumeRole', () => ({ Credentials: { AccessKeyId: 'ASIAROLE', SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.now() + 3600_000) } }));
  if (denied) fake.fail({ service: 'sts', operation: 'AssumeRole', code: 'AccessDenied', message: 'not authorized to perform: sts:AssumeRole' });
  bridge = bridgeSdkTo(fake);
  return fake;
}

beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret-for-tests';
});
afterEach(() => bridge?.restore());

describe('scan --role-arn', () => {
  it('assumes the role once (external id, session name, duration) and reports that one account as a normal scan report', async () => {
    const fake = serve();
    const { io, out } = capture();
    const outcome = await scanCommand(flags({ 'role-arn': ROLE, 'external-id': 'ext-42', 'role-session-name': 'nightly', 'role-duration': 1800 }), io, TOOL, false);
    expect(fake.log.filter((c) => c.operation === 'AssumeRole').map((c) => c.input)).toEqual([{ RoleArn: ROLE, RoleSessionName: 'nightly', ExternalId: 'ext-42', DurationSeconds: 1800 }]);
    const report = JSON.parse(out.stdout);
    expect(report.kind).toBeUndefined();
    expect(report.account).toBe('210987654321');
    expect(report.controls.map((c: { id: string; status: string }) => [c.id, c.status])).toEqual([['1.9', 'FAIL']]);
    expect(outcome.exitCode).toBe(1);
  });

  it('a role that cannot be assumed is one usage error naming the role and AWS\'s answer, before any read', async () => {
    const fake = serve(true);
    const err = await scanCommand(flags({ 'role-arn': ROLE }), capture().io, TOOL, false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe(`cannot enter the role's account: sts:AssumeRole on ${ROLE} AccessDenied: not authorized to perform: sts:AssumeRole`);
    expect(fake.log.filter((c) => c.service !== 'sts')).toEqual([]);
  });

  it.each([
    [{ 'role-arn': 'arn:aws:iam::2109876:role/x' }, /not an IAM role ARN/],
    [{ 'external-id': 'ext-42' }, /--external-id only applies to an assumed role/],
    [{ 'role-arn': ROLE, 'role-duration': 60 }, /--role-duration must be between 900 and 43200/],
    [{ 'role-arn': ROLE, 'mfa-serial': 'arn:aws:iam::999988887777:mfa/alice' }, /stdin is not a terminal/],
    [{ 'role-arn': ROLE, snapshot: 'examples/demo-account.json' }, /--role-arn cannot be combined with --snapshot/],
    [{ 'org-role-name': 'cis-audit' }, /--org-role-name names the role to enter in each account/],
  ])('refuses %o with a usage error (exit 2)', async (over, message) => {
    const fake = serve();
    const err = await scanCommand(flags(over as Partial<ScanFlags>), capture().io, TOOL, false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
    expect(fake.log).toEqual([]);
  });

  it('asks the MFA code on a terminal and sends it with the device serial', async () => {
    const fake = serve();
    const asked: string[] = [];
    const { io } = capture({ stdinIsTTY: true, ask: async (q: string) => (asked.push(q), '123456\n') });
    await scanCommand(flags({ 'role-arn': ROLE, 'mfa-serial': 'arn:aws:iam::999988887777:mfa/alice' }), io, TOOL, false);
    expect(asked).toEqual(['MFA code for arn:aws:iam::999988887777:mfa/alice: ']);
    expect(fake.log.find((c) => c.operation === 'AssumeRole')?.input).toMatchObject({ SerialNumber: 'arn:aws:iam::999988887777:mfa/alice', TokenCode: '123456' });
  });
});
