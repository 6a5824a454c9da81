import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { FORMATS } from '../../src/report/format.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { scanCommand, type ScanFlags } from '../../src/cli/run-scan.js';
import { serveAccount } from '../fake-aws/account.js';
import { demoAccount } from '../fake-aws/demo-account.js';
import type { FakeAccount } from '../fake-aws/account.js';
import { bridgeSdkTo } from '../helpers/sdk-bridge.js';
import { LiveTransport } from '../../src/aws/live-transport.js';
import { CIS_AWS_1_2_0 } from '../../src/benchmark/cis-aws-1.2.0.js';
import { DEFAULT_CHECK_OPTIONS, type Check } from '../../src/checks/check.js';
import { defineRegionalDatum } from '../../src/collect/datum.js';
import { runScan } from '../../src/engine/scan.js';
import { validateJunit, validateReportJson } from '../helpers/validators.js';

// `scan` end to end on the real SDK clients with their send() mocked (aws-sdk-client-mock), no network.
const TOOL = { name: 'cis-audit', version: 'test' };

function flags(over: Partial<ScanFlags> = {}): ScanFlags {
  return { format: 'json', 'fail-on': 'LOW', debug: false, concurrency: 4, 'root-usage-days': 90, 'strict-patterns': false, ...over };
}

function capture(env: NodeJS.ProcessEnv = {}) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      stdout: (s: string) => void (out.stdout += s),
      stderr: (s: string) => void (out.stderr += s),
      stdoutIsTTY: false,
      stderrIsTTY: false,
      env: { AWS_REGION: 'us-east-1', ...env },
    },
  };
}

let bridge: ReturnType<typeof bridgeSdkTo> | undefined;
function serve(account: FakeAccount) {
  const fake = serveAccount(account);
  bridge = bridgeSdkTo(fake);
  return { fake, calls: bridge.calls };
}

beforeAll(() => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret-for-tests';
});
afterEach(() => bridge?.restore());

const strongPolicy = {
  MinimumPasswordLength: 16, RequireSymbols: true, RequireNumbers: true, RequireUppercaseCharacters: true,
  RequireLowercaseCharacters: true, ExpirePasswords: true, MaxPasswordAge: 60, PasswordReusePrevention: 24,
};

describe('scan on mocked AWS clients', () => {
  it('reports the IAM section as schema-valid JSON and exits 1 on a non-compliant account', async () => {
    const { calls } = serve(demoAccount());
    const { io, out } = capture();
    const outcome = await scanCommand(flags({ control: ['1'] }), io, TOOL, false);
    const report = JSON.parse(out.stdout);
    const validation = validateReportJson(report);
    expect(validation.errors).toBe('');
    expect(validation.valid).toBe(true);
    expect(outcome.exitCode).toBe(1);
    expect(report.exitCode).toBe(1);
    expect(report.account).toBe('210987654321');
    expect(report.controls.map((c: { id: string }) => c.id)).toHaveLength(17);
    const status = Object.fromEntries(report.controls.map((c: { id: string; status: string }) => [c.id, c.status]));
    expect(status).toMatchObject({ '1.2': 'FAIL', '1.5': 'PASS', '1.9': 'FAIL', '1.12': 'PASS', '1.14': 'FAIL', '1.20': 'PASS', '1.22': 'FAIL' });
    // An IAM-only scan reads IAM and STS, nothing regional.
    expect(new Set(calls.map((c) => c.service))).toEqual(new Set(['sts', 'iam']));
    expect(calls.filter((c) => c.operation === 'GetAccountPasswordPolicy')).toHaveLength(1);
  });

  it('renders every format from one live (mocked) scan of two benchmarks, written atomically in one run', async () => {
    serve(demoAccount());
    const dir = mkdtempSync(join(tmpdir(), 'cis-audit-formats-'));
    const others = FORMATS.filter((f) => f !== 'json');
    const { io, out } = capture();
    const outcome = await scanCommand(flags({ benchmark: ['cis-1.2.0,cis-5.0.0'], control: ['1'], report: others.map((f) => `${f}=${join(dir, `r.${f}`)}`) }), io, TOOL, false);
    expect(outcome.exitCode).toBe(1);
    expect(validateReportJson(JSON.parse(out.stdout)).valid).toBe(true);
    for (const f of others) expect(readFileSync(join(dir, `r.${f}`), 'utf8').length, f).toBeGreaterThan(100);
    expect(await validateJunit(readFileSync(join(dir, 'r.junit'), 'utf8'))).toEqual({ valid: true, errors: '' });
    expect(JSON.parse(readFileSync(join(dir, 'r.sarif'), 'utf8')).runs[0].tool.driver.rules.some((r: { id: string }) => r.id === 'cis-5.0.0/1.7')).toBe(true);
    expect(readFileSync(join(dir, 'r.csv'), 'utf8')).toContain(',cis-5.0.0,1.9,');
    expect(JSON.parse(readFileSync(join(dir, 'r.asff'), 'utf8')).Findings.length).toBeGreaterThan(0);
    expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });

  it('exits 0 when every selected control passes', async () => {
    const account = demoAccount();
    account.iam.passwordPolicy = strongPolicy;
    serve(account);
    const { io } = capture();
    const outcome = await scanCommand(flags({ control: ['1.5,1.6,1.7,1.8,1.9,1.10,1.11', '1.12'] }), io, TOOL, false);
    expect(outcome.report.controls.every((c) => c.status === 'PASS')).toBe(true);
    expect(outcome.exitCode).toBe(0);
  });

  it('exits 3 when a read is denied and nothing fails, and the ERROR names the operation', async () => {
    const account = demoAccount();
    account.errors = [{ service: 'iam', operation: 'GetAccountPasswordPolicy', code: 'AccessDenied', message: 'not authorized' }];
    serve(account);
    const { io } = capture();
    const outcome = await scanCommand(flags({ control: ['1.9', '1.12'] }), io, TOOL, false);
    const c19 = outcome.report.controls.find((c) => c.id === '1.9')!;
    expect(c19.status).toBe('ERROR');
    expect(c19.findings[0]!.error).toMatchObject({ operation: 'GetAccountPasswordPolicy', code: 'AccessDenied' });
    expect(outcome.exitCode).toBe(3);
  });

  it('exits 1 when a FAIL and an ERROR meet (FAIL wins), 0 when --fail-on is above the failing severity', async () => {
    const account = demoAccount();
    account.errors = [{ service: 'iam', operation: 'GetAccountSummary', code: 'Throttling', message: 'Rate exceeded' }];
    serve(account);
    const both = await scanCommand(flags({ control: ['1.9', '1.12'] }), capture().io, TOOL, false);
    expect(both.report.controls.map((c) => c.status)).toEqual(['FAIL', 'ERROR']);
    expect(both.exitCode).toBe(1);

    const onlyMedium = await scanCommand(flags({ control: ['1.9'], 'fail-on': 'high' }), capture().io, TOOL, false);
    expect(onlyMedium.report.controls[0]!.status).toBe('FAIL');
    expect(onlyMedium.exitCode).toBe(0);
  });

  it('writes --output and every --report in one run: JSON valid against the schema, JUnit valid against the XSD', async () => {
    serve(demoAccount());
    const dir = mkdtempSync(join(tmpdir(), 'cis-audit-'));
    const { io, out } = capture();
    await scanCommand(
      flags({ control: ['1'], format: 'table', output: join(dir, 'cis.txt'), report: [`junit=${join(dir, 'cis.xml')}`, `json=${join(dir, 'cis.json')}`] }),
      io, TOOL, false,
    );
    expect(out.stdout).toBe('');
    expect(readFileSync(join(dir, 'cis.txt'), 'utf8')).toContain('1.22');
    const junit = await validateJunit(readFileSync(join(dir, 'cis.xml'), 'utf8'));
    expect(junit.errors).toBe('');
    expect(junit.valid).toBe(true);
    expect(validateReportJson(JSON.parse(readFileSync(join(dir, 'cis.json'), 'utf8'))).valid).toBe(true);
  });

  it('colours the table only on a terminal without NO_COLOR; files are never coloured', async () => {
    serve(demoAccount());
    const tty = capture();
    await scanCommand(flags({ control: ['1.9'], format: 'table' }), { ...tty.io, stdoutIsTTY: true }, TOOL, false);
    expect(tty.out.stdout).toMatch(/\x1b\[/);
    const noColor = capture({ NO_COLOR: '1' });
    await scanCommand(flags({ control: ['1.9'], format: 'table' }), { ...noColor.io, stdoutIsTTY: true }, TOOL, false);
    expect(noColor.out.stdout).not.toMatch(/\x1b\[/);
    expect(noColor.out.stdout).toContain('1.9');
    const dir = mkdtempSync(join(tmpdir(), 'cis-audit-'));
    await scanCommand(flags({ control: ['1.9'], format: 'table', output: join(dir, 't.txt') }), { ...capture().io, stdoutIsTTY: true }, TOOL, false);
    expect(readFileSync(join(dir, 't.txt'), 'utf8')).not.toMatch(/\x1b\[/);
  });

  it('turns missing credentials into a usage error (exit 2) and writes nothing', async () => {
    const account = demoAccount();
    account.errors = [{ service: 'sts', code: 'CredentialsProviderError', message: 'Could not load credentials from any providers' }];
    serve(account);
    const dir = mkdtempSync(join(tmpdir(), 'cis-audit-'));
    const output = join(dir, 'out.json');
    const err = await scanCommand(flags({ output }), capture().io, TOOL, false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect((err as UsageError).message).toMatch(/no usable AWS credentials/);
    expect(existsSync(output)).toBe(false);
  });

  it.each([
    [{ control: ['9.9'] }, /unknown control id: 9\.9/],
    [{ region: ['mars-1'] }, /invalid region name: mars-1/],
    [{ 'fail-on': 'SEVERE' }, /--fail-on/],
    [{ report: ['xml=out.xml'] }, /unknown format xml/],
    [{ report: ['junit'] }, /FORMAT=PATH/],
    [{ output: '/nonexistent-dir/x.json' }, /does not exist/],
    [{ snapshot: '/nonexistent.json' }, /cannot read snapshot/],
    [{ now: 'yesterday', snapshot: 'examples/demo-account.json' }, /--now/],
    [{ 'endpoint-url': 'not a url' }, /invalid endpoint URL/],
  ] as Array<[Partial<ScanFlags>, RegExp]>)('rejects bad input %j before any AWS call', async (over, message) => {
    const { calls } = serve(demoAccount());
    const err = await scanCommand(flags(over), capture().io, TOOL, false).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toMatch(message);
    expect(calls).toHaveLength(0);
  });

  it('rejects a region the account has not enabled (exit 2), after asking DescribeRegions', async () => {
    const { calls } = serve(demoAccount());
    const err = await runScan({
      controls: [{ ...CIS_AWS_1_2_0.controls[0]!, checks: ['regional-probe'] }],
      transport: new LiveTransport({}),
      homeRegion: 'us-east-1',
      regions: ['sa-east-1'],
      options: DEFAULT_CHECK_OPTIONS,
      concurrency: 2,
      lookupCheck: () => regionalProbe,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as Error).message).toBe('unknown or disabled region: sa-east-1');
    expect(calls.map((c) => c.operation)).toEqual(['GetCallerIdentity', 'DescribeRegions']);
  });
});

const probeDatum = defineRegionalDatum<number>({ key: 'test.probe', description: 'probe', reads: [], loadRegion: async () => 1 });
const regionalProbe: Check = { id: 'regional-probe', description: 'needs regions', needs: [probeDatum], evaluate: () => [] };
