import { describe, expect, it } from 'vitest';
import { FORMATS, renderJson, renderJunit, renderReport, renderTable, RENDERERS } from '../../src/report/index.js';
import { renderAsff } from '../../src/report/asff.js';
import { renderCsv } from '../../src/report/csv.js';
import { renderHtml } from '../../src/report/html.js';
import { renderMarkdown } from '../../src/report/markdown.js';
import { renderSarif } from '../../src/report/sarif.js';
import { fixtureReport } from './fixture.js';

describe('report index', () => {
  it('has a renderer for every --format name and nothing else', () => {
    expect(Object.keys(RENDERERS).sort()).toEqual([...FORMATS].sort());
    expect(RENDERERS).toEqual({ table: renderTable, json: renderJson, junit: renderJunit, sarif: renderSarif, csv: renderCsv, markdown: renderMarkdown, asff: renderAsff, html: renderHtml });
  });

  it('renderReport dispatches on the format and passes the options through', () => {
    const report = fixtureReport();
    expect(renderReport('json', report, { color: true })).toBe(renderJson(report, { color: true }));
    expect(renderReport('junit', report, { color: false })).toMatch(/^<\?xml /);
    expect(renderReport('table', report, { color: true })).toContain('\u001b[');
    expect(renderReport('table', report, { color: false })).not.toContain('\u001b[');
  });
});
