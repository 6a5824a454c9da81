import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import Collect from '../../src/commands/collect.js';
import Fix from '../../src/commands/fix.js';
import Scan from '../../src/commands/scan.js';
import { HELP_GROUPS } from '../../src/cli/help-groups.js';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('--help groups the flags of scan, fix and collect', () => {
  it('every flag of those commands has a help group (add new flags to src/cli/help-groups.ts)', () => {
    for (const command of [Scan, Fix, Collect]) {
      const ungrouped = Object.entries(command.flags)
        .filter(([, flag]) => !flag.helpGroup)
        .map(([name]) => name);
      expect(ungrouped, command.name).toEqual([]);
    }
  });

  it('a flag name is in at most one group', () => {
    const names = Object.values(HELP_GROUPS).flat();
    expect(new Set(names).size).toBe(names.length);
  });

  it('scan --help prints the groups as sections, with each flag under its own', () => {
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), 'scan', '--help'], { encoding: 'utf8', timeout: 20_000 });
    expect(r.status).toBe(0);
    const headings = r.stdout.split('\n').filter((l) => /^[A-Z][A-Z ]+ FLAGS$/.test(l));
    expect(headings).toEqual(['GLOBAL FLAGS', 'SELECTION FLAGS', 'AWS FLAGS', 'EVALUATION FLAGS', 'OUTPUT FLAGS', 'ACCOUNTS FLAGS', 'WAIVERS FLAGS', 'FIX FLAGS', 'FIX RESOURCES FLAGS']);
    const section = (heading: string) => r.stdout.split(`${heading}\n`)[1]!.split('\n\n')[0]!;
    expect(section('AWS FLAGS')).toContain('--profile');
    expect(section('AWS FLAGS')).toContain('--snapshot');
    expect(section('EVALUATION FLAGS')).toContain('--fail-on');
    expect(section('OUTPUT FLAGS')).toContain('--format');
    expect(section('FIX FLAGS')).toContain('--dry-run');
    expect(r.stdout).toMatch(/^  \$ cis-audit scan \[FLAGS\]$/m);
  });
});
