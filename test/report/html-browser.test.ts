import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import type { ScanReport } from '../../src/report/model.js';
import { hostileReport, INJECTED_MESSAGE, INJECTED_RESOURCE } from './html-hostile.js';

// The HTML report in a real browser (Debian's chromium, headless): what an auditor sees, with and without JavaScript.
// Skipped only with CIS_AUDIT_SKIP_BROWSER=1; a missing browser otherwise fails (CI installs it: .ci/install-browser.sh).

const CHROMIUM = process.env.CIS_AUDIT_CHROMIUM ?? '/usr/bin/chromium';
const SKIP = process.env.CIS_AUDIT_SKIP_BROWSER === '1';
const ROOT = new URL('../..', import.meta.url).pathname;
const OUT = join(ROOT, 'test-output');
const TIMEOUT = 60_000;
// Without the background-networking flags Chromium phones home, and a closed network refuses it.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const dir = mkdtempSync(join(tmpdir(), 'cis-audit-html-'));
let browser: Browser;

function writeReport(name: string, report: ScanReport): string {
  const path = join(dir, name);
  writeFileSync(path, renderHtml(report, { color: false }));
  return pathToFileURL(path).href;
}

/** The demo snapshot through the real CLI: HTML and JSON of the same run, two benchmarks. */
function demoReports(): { url: string; json: ScanReport } {
  const html = join(dir, 'demo.html');
  const json = join(dir, 'demo.json');
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/run.js'), 'scan', '--snapshot', join(ROOT, 'examples/demo-account.json'), '-b', 'cis-1.2.0,cis-5.0.0', '--format', 'html', '--output', html, '--report', `json=${json}`], { encoding: 'utf8', timeout: 30_000 });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(1);
  return { url: pathToFileURL(html).href, json: JSON.parse(readFileSync(json, 'utf8')) as ScanReport };
}

/** A page that records every request and CSP violation, so a test can assert the report stayed offline. */
async function open(url: string, javaScriptEnabled = true): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url, { waitUntil: 'load', timeout: TIMEOUT });
  return { page, requests, errors };
}

const visibleControls = (page: Page) => page.locator('details.control:visible');

describe.skipIf(SKIP)('html report in headless Chromium', () => {
  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`${CHROMIUM} not found: install it with .ci/install-browser.sh (Debian's chromium), or set CIS_AUDIT_SKIP_BROWSER=1 to skip the browser tests`);
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: TIMEOUT });
    mkdirSync(OUT, { recursive: true });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
  });

  it('shows the demo scan\'s counts per benchmark, loads nothing but itself, and screenshots', async () => {
    const { url, json } = demoReports();
    const { page, requests, errors } = await open(url);
    expect(errors).toEqual([]);
    expect(requests).toEqual([url]);
    // The script ran (CSP hash accepted): the filters are shown.
    await expect.poll(() => page.locator('#filters').isVisible()).toBe(true);
    expect(json.benchmarks.map((b) => b.benchmark.selector)).toEqual(['cis-1.2.0', 'cis-5.0.0']);
    for (const b of json.benchmarks) {
      const section = page.locator(`section.benchmark[data-benchmark="${b.benchmark.selector}"]`);
      for (const [status, n] of Object.entries(b.summary.controls)) {
        expect(await section.locator(`[data-count-status="${status}"]`).textContent()).toBe(String(n));
        expect(await section.locator(`[data-count-findings="${status}"]`).textContent()).toBe(String(b.summary.findings[status as keyof typeof b.summary.findings]));
      }
      expect(await section.locator('details.control').count()).toBe(b.controls.length);
      // The section bars add up to the benchmark's controls.
      const totals = await section.locator('[data-chart-section] .bar-total').allTextContents();
      expect(totals.reduce((s, t) => s + Number(t), 0)).toBe(b.controls.length);
    }
    expect(await page.locator('dd[data-meta="account"]').textContent()).toBe(`${json.account} (aws)`);
    expect(await page.locator('dd[data-meta="source"]').textContent()).toMatch(/^snapshot .*demo-account\.json$/);
    await page.locator('details.control[data-status="FAIL"]').first().locator('summary').click();
    await page.evaluate('window.scrollTo(0, 0)');
    await page.screenshot({ path: join(OUT, 'html-report.png'), fullPage: false });
    await page.screenshot({ path: join(OUT, 'html-report-full.png'), fullPage: true });
    await page.context().close();
  }, TIMEOUT);

  it('filters by status, severity and section, searches text, and expands a control to its evidence', async () => {
    const report = hostileReport();
    const { page, errors } = await open(writeReport('hostile.html', report));
    expect(errors).toEqual([]);
    const total = report.controls.length;
    expect(await visibleControls(page).count()).toBe(total);
    await expect.poll(() => page.locator('#f-count').textContent()).toBe(`${total} of ${total} controls shown`);

    await page.locator('#filters button[data-filter="status"][value="FAIL"]').click();
    const fails = report.controls.filter((c) => c.status === 'FAIL').map((c) => c.id);
    expect(await visibleControls(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-control')))).toEqual(fails);
    expect(await page.locator('details.control[data-status="PASS"]:visible').count()).toBe(0);
    // A second status widens the selection; a severity narrows it.
    await page.locator('#filters button[data-filter="status"][value="ERROR"]').click();
    expect(await visibleControls(page).count()).toBe(report.controls.filter((c) => c.status === 'FAIL' || c.status === 'ERROR').length);
    await page.locator('#filters button[data-filter="severity"][value="CRITICAL"]').click();
    expect(await visibleControls(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-control')))).toEqual(
      report.controls.filter((c) => (c.status === 'FAIL' || c.status === 'ERROR') && c.severity === 'CRITICAL').map((c) => c.id),
    );
    await page.locator('#f-reset').click();
    expect(await visibleControls(page).count()).toBe(total);
    // A summary card toggles its status's filter.
    await page.locator('.card[data-card-status="ERROR"]').click();
    expect(await visibleControls(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-control')))).toEqual(report.controls.filter((c) => c.status === 'ERROR').map((c) => c.id));
    expect(await page.locator('#filters button[data-filter="status"][value="ERROR"]').getAttribute('aria-pressed')).toBe('true');
    await page.locator('#f-reset').click();

    await page.locator('#f-section').selectOption('cis-1.2.0|4');
    expect(await visibleControls(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-control')))).toEqual(['4.1', '4.3']);
    // Section headings of emptied groups go too.
    expect(await page.locator('.group:visible h3').allTextContents()).toEqual(['4 Networking']);
    await page.locator('#f-reset').click();

    // Search matches inside findings (a security group id only 4.1 has), case-insensitively.
    await page.locator('#f-search').fill('SG-0E0F0A0B');
    expect(await visibleControls(page).evaluateAll((els) => els.map((e) => e.getAttribute('data-control')))).toEqual(['4.1']);
    await page.locator('#f-search').fill('no such text anywhere');
    expect(await visibleControls(page).count()).toBe(0);
    await page.locator('#f-search').fill('');
    expect(await visibleControls(page).count()).toBe(total);

    // Collapsed, the evidence is hidden; expanded, it is shown with the fix command.
    const ssh = page.locator('details.control[data-control="4.1"]');
    const evidence = ssh.locator('ul.evidence li').first();
    expect(await evidence.isVisible()).toBe(false);
    await ssh.locator('summary').click();
    expect(await evidence.isVisible()).toBe(true);
    expect(await evidence.textContent()).toBe('ec2:DescribeSecurityGroupRules CidrIpv4 = 0.0.0.0/0 expected no rule open to the world on 22');
    expect(await ssh.locator('code.cmd').textContent()).toBe('cis-audit fix --benchmark cis-1.2.0 --control 4.1');
    await page.context().close();
  }, TIMEOUT);

  it('shows an injected resource name and message as text: no injected element, nothing executed', async () => {
    const { page, errors } = await open(writeReport('hostile.html', hostileReport()));
    expect(errors).toEqual([]);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('script').count()).toBe(1);
    const row = page.locator('details.control[data-control="1.2"] tr.finding').nth(1);
    expect(await row.locator('td.resource').textContent()).toBe(INJECTED_RESOURCE);
    expect(await row.locator('td').nth(3).textContent()).toBe(INJECTED_MESSAGE);
    await page.context().close();
  }, TIMEOUT);

  it('with JavaScript disabled has every control and finding, no filters, and expands on click', async () => {
    const report = hostileReport();
    const { page } = await open(writeReport('hostile.html', report), false);
    expect(await page.locator('#filters').isVisible()).toBe(false);
    expect(await visibleControls(page).count()).toBe(report.controls.length);
    expect(await page.locator('tr.finding').count()).toBe(report.controls.reduce((n, c) => n + c.findings.length, 0));
    for (const [status, n] of Object.entries(report.summary.controls)) {
      expect(await page.locator(`[data-count-status="${status}"]`).textContent()).toBe(String(n));
    }
    const ssh = page.locator('details.control[data-control="4.1"]');
    await ssh.locator('summary').click();
    expect(await ssh.locator('ul.evidence').first().isVisible()).toBe(true);
    await page.context().close();
  }, TIMEOUT);

  it('prints every control expanded, filters hidden and filtered-out rows included', async () => {
    const report = hostileReport();
    const { page } = await open(writeReport('hostile.html', report));
    await page.locator('#filters button[data-filter="status"][value="FAIL"]').click();
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#filters').isVisible()).toBe(false);
    expect(await visibleControls(page).count()).toBe(report.controls.length);
    // No control opened, yet every evidence list is rendered for print (CSS ::details-content; checkVisibility is
    // false inside a closed <details>).
    expect(await page.locator('details.control[open]').count()).toBe(0);
    const shown = await page.locator('ul.evidence').evaluateAll((els) => els.filter((e) => e.checkVisibility()).length);
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBe(await page.locator('ul.evidence').count());
    const pdf = await page.pdf({ format: 'A4' });
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await page.context().close();
  }, TIMEOUT);
});
