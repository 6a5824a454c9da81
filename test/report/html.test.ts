import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CIS_AWS_1_2_0 } from '../../src/benchmark/cis-aws-1.2.0.js';
import { CSP } from '../../src/report/html-assets.js';
import { fixCommand } from '../../src/report/html-control.js';
import { esc } from '../../src/report/html-escape.js';
import { renderHtml } from '../../src/report/html.js';
import { EXPECTED_STATUS, fixtureReport, NASTY } from './fixture.js';
import { hostileReport, INJECTED_MESSAGE, INJECTED_RESOURCE } from './html-hostile.js';

// The HTML as text: escaping, CSP, self-containment and content. The browser test checks what it renders to.

const html = renderHtml(hostileReport(), { color: false });

describe('html report (markup)', () => {
  it('escapes attacker-controlled values: the only script element is ours, no injected img', () => {
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img/i);
    expect(html).toContain(esc(INJECTED_RESOURCE));
    expect(html).toContain(esc(INJECTED_MESSAGE));
    expect(esc(INJECTED_RESOURCE)).not.toMatch(/[<>"]/);
    // The fixture's control characters are shown as escapes, never emitted raw.
    expect(html).not.toMatch(/[\u0007\u001b]/);
    expect(renderHtml(fixtureReport(), { color: false })).toContain(esc(NASTY));
    expect(esc(NASTY)).toContain('\\u001b[31mred');
  });

  it('has a CSP that allows exactly the shipped script (by hash) and no network', () => {
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    const hash = createHash('sha256').update(script).digest('base64');
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
    expect(CSP).toContain(`script-src 'sha256-${hash}'`);
    expect(CSP).toMatch(/^default-src 'none';/);
    expect(CSP).not.toMatch(/https?:|\*|unsafe-eval/);
    // Nothing to fetch: no src/href attributes, no url() in the CSS, no @import.
    expect(html).not.toMatch(/<[a-z][^>]*\s(src|href)=/i);
    expect(html).not.toMatch(/url\(|@import/);
  });

  it('has every control of the report as a <details> row with its status, severity and section', () => {
    const report = fixtureReport();
    for (const c of report.controls) {
      expect(html).toContain(`<details class="control" data-benchmark="cis-1.2.0" data-control="${c.id}" data-status="${EXPECTED_STATUS[c.id]}" data-severity="${c.severity}" data-section="cis-1.2.0|${c.section}">`);
    }
    expect(html.match(/<details class="control"/g)).toHaveLength(report.controls.length);
    expect(html).toContain('<form class="filters" id="filters" hidden');
  });

  it('gives the fix command for automatic and opt-in controls and none for guidance', () => {
    const report = fixtureReport();
    const byKind = (k: string) => report.controls.find((c) => c.remediation.kind === k);
    const automatic = byKind('automatic')!;
    expect(fixCommand(automatic)).toBe(`cis-audit fix --benchmark cis-1.2.0 --control ${automatic.id}`);
    expect(html).toContain(`<code class="cmd">cis-audit fix --benchmark cis-1.2.0 --control ${automatic.id}</code>`);
    const optIn = CIS_AWS_1_2_0.controls.find((c) => c.remediation.kind === 'opt-in');
    if (optIn) expect(fixCommand({ ...automatic, id: optIn.id, remediation: optIn.remediation })).toBe(`cis-audit fix --benchmark cis-1.2.0 --control ${optIn.id} --allow-disruptive`);
    const guidance = byKind('guidance');
    if (guidance) expect(fixCommand(guidance)).toBeUndefined();
    expect(byKind('automatic') ?? byKind('guidance')).toBeDefined();
  });

  it('shows the scan metadata', () => {
    const snap = renderHtml(fixtureReport({ source: { kind: 'snapshot', file: 'acct.json' }, warnings: ['region x <unreachable>'] }), { color: false });
    expect(snap).toContain('<dd data-meta="account">123456789012 (aws)</dd>');
    expect(snap).toContain('<dd data-meta="regions">4: us-east-1, eu-west-1, ap-south-1, sa-east-1</dd>');
    expect(snap).toContain('<dd data-meta="source">snapshot acct.json</dd>');
    expect(snap).toContain('<dd data-meta="collected">2024-05-01T12:00:00.000Z</dd>');
    expect(snap).toContain('<dd data-meta="tool">cis-audit 0.1.0</dd>');
    expect(snap).toContain('CIS AWS Foundations Benchmark 1.2.0 (cis-1.2.0)');
    expect(snap).toContain('<li>region x &lt;unreachable&gt;</li>');
  });
});
