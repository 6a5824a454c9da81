import type { Finding } from '../model/finding.js';
import { describeReadError } from '../model/got.js';
import { severityRank, type Severity, type Status } from '../model/status.js';
import type { Renderer } from './format.js';
import type { BenchmarkReport, ControlReport, ScanReport } from './model.js';

// JUnit XML for CI (validates against the Jenkins xUnit junit-10.xsd): one testsuite per CIS section, one
// testcase per control. FAIL → <failure> (a FAIL below --fail-on → <skipped>, so CI goes red exactly when the exit
// code says so), ERROR → <error>, NOT_APPLICABLE / NOT_IMPLEMENTED / SUPPRESSED / MANUAL → <skipped>.
// Several benchmarks: suites per benchmark and section, named and classed by benchmark version.

/** Resources named in a failure/error message before "and N more"; the element body lists them all. */
const MESSAGE_RESOURCES = 10;

const SKIPPED: ReadonlySet<Status> = new Set(['NOT_APPLICABLE', 'NOT_IMPLEMENTED', 'SUPPRESSED', 'MANUAL']);

// Characters XML 1.0 forbids anywhere, even escaped: C0 controls except tab/LF/CR, lone surrogates, U+FFFE/U+FFFF.
const ILLEGAL_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDFFF]/gu;

export function xmlText(s: string): string {
  return s.replace(ILLEGAL_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Attribute values: also quotes, and tab/newline as character references so parsers keep them. */
export function xmlAttr(s: string): string {
  return xmlText(s)
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

export function attrs(pairs: Array<[string, string | number]>): string {
  return pairs.map(([k, v]) => ` ${k}="${xmlAttr(String(v))}"`).join('');
}

const unique = (xs: string[]) => [...new Set(xs)];

function nameList(names: string[]): string {
  const shown = names.slice(0, MESSAGE_RESOURCES).join(', ');
  const more = names.length - MESSAGE_RESOURCES;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

function compactJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? 'undefined';
  } catch {
    return String(value);
  }
}

/** One finding as a few indented lines: resource, region, message, evidence (and the failed read). */
function findingBlock(f: Finding): string {
  const lines = [`${f.resource} [${f.region}]`, `  message: ${f.message}`];
  if (f.error) lines.push(`  error: ${describeReadError(f.error)}`);
  lines.push(`  evidence: ${compactJson(f.evidence)}`);
  return lines.join('\n');
}

function body(c: ControlReport, findings: Finding[]): string {
  return [`${c.status}: ${c.reason}`, ...findings.map(findingBlock)].join('\n\n');
}

function failureMessage(c: ControlReport, failing: Finding[]): string {
  const resources = unique(failing.map((f) => f.resource));
  if (resources.length === 0) return c.reason;
  return `${resources.length} failing resource${resources.length === 1 ? '' : 's'}: ${nameList(resources)}`;
}

/** "SUPPRESSED until 2027-03-31: reason" — the earliest expiry when several waivers decided the control. */
function suppressedMessage(suppressed: Finding[], fallback: string): string {
  const first = suppressed.flatMap((f) => (f.suppressed ? [f.suppressed] : [])).sort((a, b) => a.expires.localeCompare(b.expires))[0];
  return first ? `SUPPRESSED until ${first.expires}: ${first.reason}` : `SUPPRESSED: ${fallback}`;
}

/** Names what could not be read: the failed operations when known, else the resources. */
function errorMessage(c: ControlReport, erroring: Finding[]): string {
  const things = unique(
    erroring.map((f) => (f.error ? `${f.error.service}:${f.error.operation} in ${f.error.region} (${f.error.code})` : f.resource)),
  );
  if (things.length === 0) return c.reason;
  return `could not read ${nameList(things)}`;
}

/** A FAIL that does not reach the --fail-on threshold: it does not fail the exit code, so it is not a <failure>. */
const belowFailOn = (c: ControlReport, failOn: Severity) => c.status === 'FAIL' && severityRank(c.severity) < severityRank(failOn);
const isFailure = (c: ControlReport, failOn: Severity) => c.status === 'FAIL' && !belowFailOn(c, failOn);
const isSkipped = (c: ControlReport, failOn: Severity) => SKIPPED.has(c.status) || belowFailOn(c, failOn);

function testcase(report: ScanReport, c: ControlReport): string {
  const open = `    <testcase${attrs([
    ['name', `${c.id} [${c.severity}] ${c.title}`],
    ['classname', `${report.benchmark.id}.${c.id}`],
    ['time', '0'],
  ])}>`;
  const close = '    </testcase>';
  const deciding = c.findings.filter((f) => f.status === c.status);
  let child: string;
  if (belowFailOn(c, report.failOn)) {
    const message = `FAIL below --fail-on ${report.failOn}: ${failureMessage(c, deciding)}`;
    child = `<skipped${attrs([['message', message], ['type', `FAIL:${c.severity}`]])}>${xmlText(body(c, deciding))}</skipped>`;
  } else if (c.status === 'FAIL') {
    child = `<failure${attrs([['message', failureMessage(c, deciding)], ['type', `FAIL:${c.severity}`]])}>${xmlText(body(c, deciding))}</failure>`;
  } else if (c.status === 'ERROR') {
    child = `<error${attrs([['message', errorMessage(c, deciding)], ['type', 'ERROR']])}>${xmlText(body(c, deciding))}</error>`;
  } else if (c.status === 'SUPPRESSED') {
    child = `<skipped${attrs([['message', suppressedMessage(deciding, c.reason)], ['type', 'SUPPRESSED']])}>${xmlText(body(c, deciding))}</skipped>`;
  } else if (SKIPPED.has(c.status)) {
    child = `<skipped${attrs([['message', `${c.status}: ${c.reason}`], ['type', c.status]])}/>`;
  } else {
    child = `<system-out>${xmlText(`PASS: ${c.reason}`)}</system-out>`;
  }
  return `${open}\n      ${child}\n${close}`;
}

function properties(report: ScanReport): string {
  const props: Array<[string, string]> = [
    ['tool', `${report.tool.name} ${report.tool.version}`],
    ['benchmark', `${report.benchmark.id} ${report.benchmark.version}`],
    ['account', report.account],
    ['partition', report.partition],
    ['homeRegion', report.homeRegion],
    ['regions', report.regions.join(',')],
    ['source', report.source.kind === 'snapshot' ? `snapshot:${report.source.file}` : 'live'],
    ['collectedAt', report.collectedAt],
    ['evaluatedAt', report.evaluatedAt],
    ['failOn', report.failOn],
    ['exitCode', String(report.exitCode)],
    ...report.warnings.map((w): [string, string] => ['warning', w]),
  ];
  const lines = props.map(([name, value]) => `      <property${attrs([['name', name], ['value', value]])}/>`);
  return ['    <properties>', ...lines, '    </properties>'].join('\n');
}

export interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

export function count(controls: ControlReport[], failOn: Severity): Counts {
  return {
    tests: controls.length,
    failures: controls.filter((c) => isFailure(c, failOn)).length,
    errors: controls.filter((c) => c.status === 'ERROR').length,
    skipped: controls.filter((c) => isSkipped(c, failOn)).length,
  };
}

/** Controls grouped by section, sections in the order they first appear in the report. */
function bySection(controls: ControlReport[]): ControlReport[][] {
  const groups = new Map<string, ControlReport[]>();
  for (const c of controls) {
    const group = groups.get(c.section);
    if (group) group.push(c);
    else groups.set(c.section, [c]);
  }
  return [...groups.values()];
}

export const renderJunit: Renderer = (report) => {
  const multi = report.benchmarks.length > 1;
  const suites = report.benchmarks.flatMap((b) => benchmarkSuites(benchmarkView(report, b), multi));
  const total = count(report.benchmarks.flatMap((b) => b.controls), report.failOn);
  const name = multi ? `${report.benchmark.name} ${report.benchmarks.map((b) => b.benchmark.version).join(', ')}` : `${report.benchmark.name} ${report.benchmark.version}`;
  return junitDocument(name, total, suites);
};

/** The XML document: a <testsuites> root with the totals around the given suites. */
export function junitDocument(name: string, total: Counts, suites: string[]): string {
  const root = `<testsuites${attrs([
    ['name', name],
    ['tests', total.tests],
    ['failures', total.failures],
    ['errors', total.errors],
    ['time', '0'],
  ])}>`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', root, ...suites, '</testsuites>', ''].join('\n');
}

/** The report as one benchmark sees it; with several, ids and packages name the version so suites stay apart. */
export function benchmarkView(report: ScanReport, b: BenchmarkReport): ScanReport {
  return { ...report, benchmark: b.benchmark, summary: b.summary, controls: b.controls };
}

/**
 * One benchmark's suites, one per section. `account` (organisation reports) puts the account in every suite's
 * name, id and package, so CI shows each account's sections apart.
 */
export function benchmarkSuites(report: ScanReport, multi: boolean, account?: string): string[] {
  const base = multi ? `${report.benchmark.id}-${report.benchmark.version}` : report.benchmark.id;
  const pkg = account ? `${account}.${base}` : base;
  const scope = account ? `${account} ` : '';
  const view = multi || account ? { ...report, benchmark: { ...report.benchmark, id: pkg } } : report;
  return bySection(report.controls).map((controls) => {
    const first = controls[0]!;
    const n = count(controls, report.failOn);
    const open = `  <testsuite${attrs([
      ['name', `${scope}${multi ? `${report.benchmark.selector} ` : ''}${first.section} ${first.sectionTitle}`],
      ['id', `${account ? `${account}/` : ''}${multi ? `${report.benchmark.selector}/${first.section}` : first.section}`],
      ['package', pkg],
      ['tests', n.tests],
      ['failures', n.failures],
      ['errors', n.errors],
      ['skipped', n.skipped],
      ['time', '0'],
      ['timestamp', report.evaluatedAt],
    ])}>`;
    return [open, properties(view), ...controls.map((c) => testcase(view, c)), '  </testsuite>'].join('\n');
  });
}
