import type { FormatName, RenderOptions } from './format.js';
import type { OrgReport } from './org-model.js';

// Every --format for an organisation report, each loaded on first use like the single-account renderers
// (src/report/index.ts). JSON is the report itself (schema/org-report.v1.schema.json).
const ORG_RENDERERS: Record<FormatName, () => Promise<(report: OrgReport, options: RenderOptions) => string>> = {
  json: async () => (report) => `${JSON.stringify(report, null, 2)}\n`,
  table: async () => (await import('./org-table.js')).renderOrgTable,
  junit: async () => (await import('./org-junit.js')).renderOrgJunit,
  sarif: async () => (await import('./org-sarif.js')).renderOrgSarif,
  csv: async () => (await import('./org-flat.js')).renderOrgCsv,
  asff: async () => (await import('./org-flat.js')).renderOrgAsff,
  markdown: async () => (await import('./org-markdown.js')).renderOrgMarkdown,
  html: async () => (await import('./org-html.js')).renderOrgHtml,
};

/** The `format` rendering of an organisation report. */
export async function renderOrgReport(format: FormatName, report: OrgReport, options: RenderOptions): Promise<string> {
  return (await ORG_RENDERERS[format]())(report, options);
}
