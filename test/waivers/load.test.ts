import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/model/errors.js';
import { loadWaivers, parseWaivers, waiversPath } from '../../src/waivers/load.js';

const NOW = new Date('2026-11-01T09:30:00.000Z');
const opts = { now: NOW, maxDays: 365 };

const entry = (extra = '') => `  - controls: ["1.22"]
    resources: ["arn:aws:iam::210987654321:policy/break-glass-admin"]
    reason: break-glass policy
    expires: 2027-03-31
${extra}`;

async function usageError(text: string, options = opts): Promise<UsageError> {
  const err = await parseWaivers('w.yml', text, options).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UsageError);
  expect((err as UsageError).exitCode).toBe(2);
  return err as UsageError;
}

describe('loading a waivers file', () => {
  it('reads YAML entries with ids, positions and lines; ids stay text (1.10 is not the number 1.1)', async () => {
    const file = await parseWaivers('w.yml', `waivers:\n${entry('    owner: sec@acme.example\n    ticket: SEC-1\n')}  - id: pw\n    controls: [1.10, "3.*", cis-5.0.0/1.14]\n    resources: ["**"]\n    accounts: ["210987654321"]\n    regions: [global, eu-west-1]\n    reason: r\n    expires: 2026-11-30\n`, opts);
    expect(file.waivers).toHaveLength(2);
    expect(file.waivers[0]).toMatchObject({ id: '#1', line: 2, controls: ['1.22'], expires: '2027-03-31', owner: 'sec@acme.example', ticket: 'SEC-1' });
    expect(file.waivers[1]).toMatchObject({ id: 'pw', line: 8, controls: ['1.10', '3.*', 'cis-5.0.0/1.14'], accounts: ['210987654321'], regions: ['global', 'eu-west-1'] });
  });

  it('accepts JSON', async () => {
    const json = JSON.stringify({ waivers: [{ controls: ['1.22'], resources: ['arn:aws:iam::*:policy/*'], reason: 'r', expires: '2027-01-01' }] }, null, 2);
    const file = await parseWaivers('w.json', json, opts);
    expect(file.waivers[0]).toMatchObject({ id: '#1', controls: ['1.22'], expires: '2027-01-01' });
  });

  it('an unknown key is an error naming the file and its line', async () => {
    const err = await usageError(`waivers:\n${entry('    approver: bob\n')}`);
    expect(err.message).toBe('w.yml:6: waiver #1: unknown key "approver" (keys: id, controls, resources, accounts, regions, reason, expires, owner, ticket)');
  });

  it('a missing reason or expiry is an error at the entry', async () => {
    const noReason = await usageError(`waivers:\n  - controls: ["1.22"]\n    resources: ["*"]\n    expires: 2027-01-01\n`);
    expect(noReason.message).toMatch(/^w\.yml:2: waiver #1: missing required key "reason"/);
    const noExpiry = await usageError(`version: 1\nwaivers:\n  - controls: ["1.22"]\n    resources: ["*"]\n    reason: r\n`);
    expect(noExpiry.message).toMatch(/^w\.yml:3: waiver #1: missing required key "expires"/);
  });

  it('an impossible date, a badly written date and one too far ahead are errors on the expires line', async () => {
    expect((await usageError(`waivers:\n${entry().replace('2027-03-31', '2027-02-30')}`)).message).toBe('w.yml:5: expiry 2027-02-30 is not a real date');
    expect((await usageError(`waivers:\n${entry().replace('2027-03-31', '31/03/2027')}`)).message).toBe('w.yml:5: waiver #1.expires: expiry must be a date YYYY-MM-DD');
    const far = await usageError(`waivers:\n${entry().replace('2027-03-31', '2027-11-02')}`);
    expect(far.message).toBe('w.yml:5: expiry 2027-11-02 is 366 days after the evaluation time (2026-11-01); at most 365 allowed (--max-waiver-days)');
    // Exactly at the limit is allowed; a lower limit rejects it.
    await expect(parseWaivers('w.yml', `waivers:\n${entry().replace('2027-03-31', '2027-11-01')}`, opts)).resolves.toBeDefined();
    expect((await usageError(`waivers:\n${entry()}`, { now: NOW, maxDays: 30 })).message).toMatch(/^w\.yml:5: expiry 2027-03-31 is 150 days after/);
  });

  it('unknown controls are errors: unqualified against every benchmark, qualified against that one', async () => {
    expect((await usageError(`waivers:\n${entry().replace('["1.22"]', '["1.22", "9.9"]')}`)).message).toMatch(/^w\.yml:2: unknown control 9\.9: no benchmark has it/);
    // 1.22 exists in v1.2.0 but not in v5.0.0.
    expect((await usageError(`waivers:\n${entry().replace('["1.22"]', '["cis-5.0.0/1.22"]')}`)).message).toBe('w.yml:2: unknown control cis-5.0.0/1.22: no control 1.22 in cis-5.0.0');
    expect((await usageError(`waivers:\n${entry().replace('["1.22"]', '["cis-9/1.1"]')}`)).message).toMatch(/^w\.yml:2: unknown benchmark in control cis-9\/1\.1/);
    await expect(parseWaivers('w.yml', `waivers:\n${entry().replace('["1.22"]', '["3", "cis-5.0.0/1.14", "4.*"]')}`, opts)).resolves.toBeDefined();
  });

  it('account ids are 12 digits, regions look like regions, ids are unique, syntax errors carry their line', async () => {
    expect((await usageError(`waivers:\n${entry('    accounts: ["1234"]\n')}`)).message).toBe('w.yml:6: waiver #1.accounts.0: an account id is 12 digits');
    expect((await usageError(`waivers:\n${entry('    regions: ["Europe"]\n')}`)).message).toMatch(/^w\.yml:6: waiver #1\.regions\.0: not a region name/);
    expect((await usageError(`waivers:\n${entry('    id: a\n')}${entry('    id: a\n')}`)).message).toBe('w.yml:11: waiver id a is used twice');
    expect((await usageError(`waivers:\n  - controls: [1.22\n    reason: x\n`)).message).toMatch(/^w\.yml:\d+: /);
    expect((await usageError(`- controls: ["1.22"]\n`)).message).toMatch(/^w\.yml:1: the file: must be object/);
  });

  it('an unreadable file is a usage error; .cis-audit.yml is the default only when present', async () => {
    await expect(loadWaivers('/nonexistent/w.yml', opts)).rejects.toThrow(/cannot read waivers file \/nonexistent\/w\.yml: ENOENT/);
    const dir = mkdtempSync(join(tmpdir(), 'cis-waivers-'));
    expect(waiversPath(undefined, dir)).toBeUndefined();
    expect(waiversPath('x.yml', dir)).toBe('x.yml');
    writeFileSync(join(dir, '.cis-audit.yml'), 'waivers: []\n');
    expect(waiversPath(undefined, dir)).toBe(join(dir, '.cis-audit.yml'));
  });
});
