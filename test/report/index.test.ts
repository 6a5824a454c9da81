import { describe, expect, it } from 'vitest';
import { FORMATS, renderReport, RENDERERS } from '../../src/report/index.js';
import { renderAsff } from '../../src/report/asff.js';
import { renderCsv } from '../../src/report/csv.js';
import { renderHtml } from '../../src/report/html.js';
import { renderJson } from '../../src/report/json.js';
import { renderJunit } from '../../src/report/junit.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { renderTable } from '../../src/report/table.js';
import { fixtureReport } from './fixture.js';

describe('report index', () => {
  it('has a renderer for every --format name and nothing else', async () => {
    expect(Object.keys(RENDERERS).sort()).toEqual([...FORMATS].sort());
    const loaded = Object.fromEntries(await Promise.all(FORMATS.map(async (f) => [f, await RENDERERS[f]()] as const)));
    expect(loaded).toEqual({ table: renderTable, json: renderJson, junit: renderJunit, sarif: renderSarif, csv: renderCsv, markdown: renderMarkdown, asff: renderAsff, html: renderHtml });
  });

  it('renderReport dispatches on the format and passes the options through', async () => {
    const report = fixtureReport();
    expect(await renderReport('json', report, { color: true })).toBe(renderJson(report, { color: true }));
    expect(await renderReport('junit', report, { color: false })).toMatch(/^<\?xml /);
    expect(await renderReport('table', report, { color: true })).toContain('\u001b[');
    expect(await renderReport('table', report, { color: false })).not.toContain('\u001b[');
  });
});
