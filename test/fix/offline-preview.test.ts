import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { CIS_AWS_1_2_0 } from '../../src/benchmark/cis-aws-1.2.0.js';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/check.js';
import { fixCommand } from '../../src/cli/fix-command.js';
import { runScan } from '../../src/engine/scan.js';
import { UsageError } from '../../src/model/errors.js';
import { snapshotOfScan } from '../../src/snapshot/build.js';
import { serveAccount } from '../fake-aws/account.js';
import { BARE_ACCESS_LOG_BUCKET, bareAccount } from '../fake-aws/bare-account.js';
import { fixFlags, fixIo, TOOL } from './fix-helpers.js';

// `fix --dry-run --snapshot FILE`: a reviewer sees the staged plan before granting any write permission. No
// credentials in the environment and no SDK client: every answer comes from the file.

let snapshotPath: string;

beforeAll(async () => {
  for (const k of Object.keys(process.env)) if (k.startsWith('AWS_')) delete process.env[k];
  const result = await runScan({
    controls: [...CIS_AWS_1_2_0.controls], transport: serveAccount(bareAccount()), homeRegion: 'us-east-1', collectedAt: new Date('2026-11-20T10:00:00Z'),
    options: DEFAULT_CHECK_OPTIONS, concurrency: 4, record: true, sleep: async () => {},
  });
  snapshotPath = join(mkdtempSync(join(tmpdir(), 'cis-audit-snap-')), 'bare.json');
  writeFileSync(snapshotPath, JSON.stringify(snapshotOfScan(result, TOOL)));
});

const preview = (over: Record<string, unknown> = {}) => fixFlags({
  benchmark: ['cis-1.2.0'], 'all-failing': true, 'dry-run': true, snapshot: snapshotPath, 'notify-email': 'a@example.com', 'access-log-bucket': BARE_ACCESS_LOG_BUCKET, ...over,
});

describe('fix: offline preview from a snapshot', () => {
  it('--dry-run --snapshot plans every stage from the file, without credentials; reads the snapshot lacks are named in the plan', async () => {
    const { io, out } = fixIo();
    const flags = preview();
    const result = await fixCommand(flags, { ...io, env: {} }, TOOL);
    expect(out.stdout).toContain('== Stage 1 of 3 (planned from the scan)');
    expect(out.stdout).toContain('iam:UpdateAccountPasswordPolicy (us-east-1)');
    expect(out.stdout).toContain('ec2:RevokeSecurityGroupIngress (us-east-1)');
    // 2.1 probes its bucket with GetBucketLocation, a read the scan never made: the plan says it could not read it.
    expect(out.stdout).toMatch(/the snapshot has no answer to \d+ read\(s\) this plan makes, so it may be incomplete: s3:GetBucketLocation \(us-east-1\) \{"Bucket":"cis-audit-cloudtrail-/);
    expect(out.stdout).toContain('record them with `cis-audit collect`');
    expect(out.stdout).toMatch(/Dry run: \d+ change\(s\) planned/);
    expect(result.writes).toBe(0);
    // A plan blocked by a read it could not make is an APPLY_ERROR naming that read, before any write (exit 3), also offline.
    expect(result.outcomes.find((o) => o.control === '2.1')).toMatchObject({ outcome: 'APPLY_ERROR', detail: expect.stringContaining('nothing written: s3:GetBucketLocation') });
    expect(result.exitCode).toBe(3);
    expect(readdirSync(flags['journal-dir']!)).toEqual([]);
  });

  it('applying with --snapshot is a usage error (exit 2, one line and a hint) before anything is read', async () => {
    const { io } = fixIo();
    const err = await fixCommand(preview({ 'dry-run': false, yes: true }), io, TOOL).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect((err as UsageError).exitCode).toBe(2);
    expect((err as Error).message).toBe('fix --snapshot only previews: a snapshot cannot be changed, and applying needs the live account');
    expect((err as UsageError).hint).toMatch(/add --dry-run/);
  });
});
