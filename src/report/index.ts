import type { FormatName, RenderOptions, Renderer } from './format.js';
import type { ScanReport } from './model.js';

// Reporters by --format name, each loaded on first use: a run imports the renderers (and their table, CSV or
// XML libraries) of the formats it writes, not all of them (startup time, docs/performance.md).
export const RENDERERS: Record<FormatName, () => Promise<Renderer>> = {
  table: async () => (await import('./table.js')).renderTable,
  json: async () => (await import('./json.js')).renderJson,
  junit: async () => (await import('./junit.js')).renderJunit,
  sarif: async () => (await import('./sarif.js')).renderSarif,
  csv: async () => (await import('./csv.js')).renderCsv,
  markdown: async () => (await import('./markdown.js')).renderMarkdown,
  asff: async () => (await import('./asff.js')).renderAsff,
  html: async () => (await import('./html.js')).renderHtml,
};

/** The `format` renderer (loaded on first use) applied to `report`. */
export async function renderReport(format: FormatName, report: ScanReport, options: RenderOptions): Promise<string> {
  return (await RENDERERS[format]())(report, options);
}

export { FORMATS, type FormatName, type RenderOptions, type Renderer } from './format.js';
export { buildReport, REPORT_SCHEMA_VERSION, type ControlReport, type ReportMeta, type ScanReport } from './model.js';
