import { validateJunit } from '../helpers/validators.js';
import { describe, expect, it } from 'vitest';
import { renderJunit, xmlAttr, xmlText } from '../../src/report/junit.js';
import { EXPECTED_STATUS, fixtureReport, MFA_USERS, NASTY, NASTY_IN_XML, NASTY_USER, SSH_OPEN, TRAIL_DENIED } from './fixture.js';

const validate = validateJunit;

// A tiny reader for the XML we write: elements are never nested inside attribute values, so regexes suffice.
const decode = (s: string) =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#9;/g, '\t')
    .replace(/&#10;/g, '\n')
    .replace(/&#13;/g, '\r')
    .replace(/&amp;/g, '&');

function attributes(tag: string): Record<string, string> {
  return Object.fromEntries([...tag.matchAll(/([\w:-]+)="([^"]*)"/g)].map(([, k, v]) => [k!, decode(v!)]));
}

interface Child {
  element: string;
  attrs: Record<string, string>;
  text: string;
}
interface Case {
  attrs: Record<string, string>;
  children: Child[];
}
interface Suite {
  attrs: Record<string, string>;
  properties: Array<[string, string]>;
  cases: Case[];
}

function parse(xml: string): { root: Record<string, string>; suites: Suite[] } {
  const root = attributes(/<testsuites\b([^>]*)>/.exec(xml)![1]!);
  const suites = [...xml.matchAll(/<testsuite\b([^>]*)>([\s\S]*?)<\/testsuite>/g)].map(([, head, body]) => ({
    attrs: attributes(head!),
    properties: [...body!.matchAll(/<property\b([^>]*)\/>/g)].map(([, a]) => {
      const { name, value } = attributes(a!);
      return [name!, value!] as [string, string];
    }),
    cases: [...body!.matchAll(/<testcase\b([^>]*)>([\s\S]*?)<\/testcase>/g)].map(([, caseHead, inner]) => ({
      attrs: attributes(caseHead!),
      children: [...inner!.matchAll(/<(failure|error|skipped|system-out)\b([^>]*?)(?:\/>|>([\s\S]*?)<\/\1>)/g)].map(([, element, a, text]) => ({
        element: element!,
        attrs: attributes(a!),
        text: decode(text ?? ''),
      })),
    })),
  }));
  return { root, suites };
}

const xml = renderJunit(fixtureReport(), { color: false });
const doc = parse(xml);
const allCases = doc.suites.flatMap((s) => s.cases);
const caseFor = (id: string) => {
  const found = allCases.filter((c) => c.attrs.classname === `cis-aws-foundations.${id}`);
  expect(found).toHaveLength(1);
  return found[0]!;
};

describe('renderJunit: schema', () => {
  it('validates against junit-10.xsd', async () => {
    const result = await validate(xml);
    expect(result.errors).toBe('');
    expect(result.valid).toBe(true);
  });

  it('the validator is live: a testsuite without its tests attribute is rejected', async () => {
    const broken = xml.replace(/(<testsuite\b[^>]*?) tests="\d+"/, '$1');
    expect(broken).not.toBe(xml);
    const result = await validate(broken);
    expect(result.valid).toBe(false);
    expect(result.errors).toMatch(/tests/);
  });

  it('the validator is live: a time with an exponent is rejected', async () => {
    const broken = xml.replace(/(<testsuites\b[^>]*) time="0">/, '$1 time="1e3">');
    expect(broken).not.toBe(xml);
    const result = await validate(broken);
    expect(result.valid).toBe(false);
    expect(result.errors).toContain("attribute 'time'");
  });

  it('validates for a snapshot source, warnings, and no controls at all', async () => {
    const withWarnings = renderJunit(fixtureReport({ source: { kind: 'snapshot', file: 'snap<&>.json' }, warnings: [`odd "warning" ${NASTY}`] }), { color: false });
    expect((await validate(withWarnings)).errors).toBe('');
    const empty = renderJunit(fixtureReport({ controls: [] }), { color: false });
    expect((await validate(empty)).errors).toBe('');
    expect(parse(empty).root).toMatchObject({ tests: '0', failures: '0', errors: '0' });
    expect(parse(empty).suites).toHaveLength(0);
  });

  it('every time attribute matches SUREFIRE_TIME without exponent or sign', () => {
    const times = [...xml.matchAll(/ time="([^"]*)"/g)].map(([, t]) => t);
    expect(times.length).toBe(1 + doc.suites.length + allCases.length);
    for (const t of times) expect(t).toMatch(/^\d+(\.\d+)?$/);
  });
});

describe('renderJunit: structure', () => {
  it('names the document after the benchmark', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(doc.root.name).toBe('CIS AWS Foundations Benchmark 1.2.0');
  });

  it('has one testsuite per section present, each with its own controls', () => {
    expect(doc.suites.map((s) => s.attrs.name)).toEqual(['1 Identity and Access Management', '2 Logging', '3 Monitoring', '4 Networking']);
    const ids = doc.suites.map((s) => s.cases.map((c) => c.attrs.classname!.replace('cis-aws-foundations.', '')));
    expect(ids).toEqual([['1.1', '1.2', '1.9', '1.12'], ['2.1', '2.5', '2.8'], ['3.1', '3.3'], ['4.1', '4.3']]);
  });

  it('leaves out sections without controls', () => {
    const only = parse(renderJunit(fixtureReport({ controls: ['1.9', '4.1'] }), { color: false }));
    expect(only.suites.map((s) => s.attrs.name)).toEqual(['1 Identity and Access Management', '4 Networking']);
  });

  it('has one testcase per control, named "<id> [<severity>] <title>"', () => {
    expect(allCases).toHaveLength(Object.keys(EXPECTED_STATUS).length);
    expect(caseFor('1.9').attrs.name).toBe('1.9 [MEDIUM] Ensure IAM password policy requires minimum length of 14 or greater');
    expect(caseFor('1.1').attrs.name).toBe('1.1 [LOW] Avoid the use of the "root" account');
  });

  it('counts in every testsuite agree with its testcases', () => {
    const expected = [
      { tests: '4', failures: '2', errors: '0', skipped: '0' },
      { tests: '3', failures: '0', errors: '2', skipped: '1' },
      { tests: '2', failures: '0', errors: '0', skipped: '1' },
      { tests: '2', failures: '1', errors: '0', skipped: '1' },
    ];
    doc.suites.forEach((s, i) => {
      expect(s.attrs).toMatchObject(expected[i]!);
      const has = (el: string) => s.cases.filter((c) => c.children.some((ch) => ch.element === el)).length;
      expect(Number(s.attrs.tests)).toBe(s.cases.length);
      expect(Number(s.attrs.failures)).toBe(has('failure'));
      expect(Number(s.attrs.errors)).toBe(has('error'));
      expect(Number(s.attrs.skipped)).toBe(has('skipped'));
      expect(s.attrs.timestamp).toBe('2024-05-01T12:00:00.000Z');
    });
    expect(doc.root).toMatchObject({ tests: '11', failures: '3', errors: '2' });
  });

  it('maps each status to its element', () => {
    const elements: Record<string, string[]> = {
      PASS: ['system-out'],
      FAIL: ['failure'],
      ERROR: ['error'],
      NOT_APPLICABLE: ['skipped'],
      NOT_IMPLEMENTED: ['skipped'],
      SUPPRESSED: ['skipped'],
    };
    for (const [id, status] of Object.entries(EXPECTED_STATUS)) {
      expect([id, caseFor(id).children.map((c) => c.element)]).toEqual([id, elements[status]]);
    }
    expect(caseFor('2.8').children[0]!.attrs).toMatchObject({ type: 'NOT_APPLICABLE' });
    expect(caseFor('3.1').children[0]!.attrs).toMatchObject({ type: 'NOT_IMPLEMENTED' });
    expect(caseFor('4.3').children[0]!.attrs).toMatchObject({ type: 'SUPPRESSED' });
  });

  it('a failure names the failing resources in its message and details each in its body', () => {
    const failure = caseFor('4.1').children[0]!;
    expect(failure.attrs.type).toBe('FAIL:HIGH');
    for (const arn of SSH_OPEN) expect(failure.attrs.message).toContain(arn);
    expect(failure.attrs.message).not.toContain('sg-00000001'); // the passing group
    expect(failure.text).toContain(`${SSH_OPEN[1]} [eu-west-1]`);
    expect(failure.text).toContain('ingress from ::/0 to ports 0-65535 (protocol -1)');
    expect(failure.text).toContain('evidence: [{"source":"ec2:DescribeSecurityGroupRules","field":"CidrIpv6","value":"::/0"');
  });

  it('a long failure message names ten resources and counts the rest; the body lists all', () => {
    const failure = caseFor('1.2').children[0]!;
    expect(failure.attrs.message).toMatch(/^12 failing resources: /);
    for (const arn of MFA_USERS.slice(0, 10)) expect(failure.attrs.message).toContain(arn);
    expect(failure.attrs.message).not.toContain(MFA_USERS[10]);
    expect(failure.attrs.message).toMatch(/ and 2 more$/);
    for (const arn of MFA_USERS) expect(failure.text).toContain(`${arn} [global]`);
  });

  it('an error names the read that failed', () => {
    const error = caseFor('2.1').children[0]!;
    expect(error.attrs.type).toBe('ERROR');
    expect(error.attrs.message).toContain('cloudtrail:GetTrailStatus in eu-west-1 (AccessDenied)');
    expect(error.text).toContain(TRAIL_DENIED.message);
    expect(error.text).not.toContain('trail/management'); // the FAIL candidate did not decide the ERROR
    const config = caseFor('2.5').children[0]!;
    expect(config.attrs.message).toContain('ap-south-1 (ThrottlingException)');
    expect(config.attrs.message).toContain('sa-east-1 (TimeoutError)');
  });

  it('carries account, regions, benchmark and source as properties of every suite', () => {
    for (const s of doc.suites) {
      expect(Object.fromEntries(s.properties)).toMatchObject({
        account: '123456789012',
        regions: 'us-east-1,eu-west-1,ap-south-1,sa-east-1',
        benchmark: 'cis-aws-foundations 1.2.0',
        source: 'live',
      });
    }
    const snap = parse(renderJunit(fixtureReport({ source: { kind: 'snapshot', file: 'demo.json' }, warnings: ['w1', 'w2'] }), { color: false }));
    expect(snap.suites[0]!.properties).toContainEqual(['source', 'snapshot:demo.json']);
    expect(snap.suites[0]!.properties.filter(([n]) => n === 'warning')).toEqual([['warning', 'w1'], ['warning', 'w2']]);
  });
});

describe('renderJunit: --fail-on', () => {
  // FAIL controls of the fixture: 1.2 and 1.9 (MEDIUM), 4.1 (HIGH).
  const high = renderJunit(fixtureReport({ failOn: 'HIGH' }), { color: false });
  const parsed = parse(high);
  const cases = parsed.suites.flatMap((s) => s.cases);
  const at = (id: string) => cases.find((c) => c.attrs.classname === `cis-aws-foundations.${id}`)!;

  it('a FAIL below the threshold is <skipped> naming the threshold, with its evidence; one at or above stays <failure>', async () => {
    expect((await validate(high)).errors).toBe('');
    for (const id of ['1.2', '1.9']) {
      const [child] = at(id).children;
      expect(child).toMatchObject({ element: 'skipped', attrs: { type: 'FAIL:MEDIUM', message: expect.stringMatching(/^FAIL below --fail-on HIGH: \d+ failing resources?: /) } });
      expect(child!.text).toMatch(/^FAIL: /);
    }
    expect(at('4.1').children[0]).toMatchObject({ element: 'failure', attrs: { type: 'FAIL:HIGH' } });
    expect(parsed.root).toMatchObject({ failures: '1', errors: '2' });
    expect(parsed.suites[0]!.attrs).toMatchObject({ failures: '0', skipped: '2' });
    expect(parsed.suites[3]!.attrs).toMatchObject({ failures: '1', skipped: '1' });
  });

  it('--fail-on CRITICAL leaves no <failure> at all', () => {
    const critical = renderJunit(fixtureReport({ failOn: 'CRITICAL' }), { color: false });
    expect(critical).not.toContain('<failure');
    expect(parse(critical).root.failures).toBe('0');
  });
});

describe('renderJunit: escaping', () => {
  it('keeps hostile text readable and strips characters XML 1.0 forbids', () => {
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/);
    const failure = caseFor('1.2').children[0]!;
    expect(failure.attrs.message).toContain(NASTY_USER);
    expect(failure.text).toContain(`console password without MFA: ${NASTY_IN_XML}`);
    expect(xml).toContain('o&apos;brien&amp;&lt;ops&gt;');
  });

  it('escapes text and attributes', () => {
    expect(xmlText(`a<b>&"c"'d'\u0000\u0008\u000b\u000c\u001f\uffff e\tf\ng`)).toBe(`a&lt;b&gt;&amp;"c"'d' e\tf\ng`);
    expect(xmlAttr(`a<b>&"c"'d'\u0001\te\nf\rg`)).toBe('a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;&#9;e&#10;f&#13;g');
    expect(xmlText('lone \ud800 surrogate, paired 🚀')).toBe('lone  surrogate, paired 🚀');
    expect(xmlText(']]>')).toBe(']]&gt;');
  });
});
