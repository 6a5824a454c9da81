import type { FormatName, RenderOptions, Renderer } from './format.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import type { ScanReport } from './model.js';
import { renderTable } from './table.js';
import { renderSarif } from './sarif.js';
import { renderCsv } from './csv.js';
import { renderMarkdown } from './markdown.js';
import { renderAsff } from './asff.js';
import { renderHtml } from './html.js';

// Reporters by --format name: each turns a ScanReport into the text to print or write.
export const RENDERERS: Record<FormatName, Renderer> = {
  table: renderTable,
  json: renderJson,
  junit: renderJunit,
  sarif: renderSarif,
  csv: renderCsv,
  markdown: renderMarkdown,
  asff: renderAsff,
  html: renderHtml,
};

export function renderReport(format: FormatName, report: ScanReport, options: RenderOptions): string {
  return RENDERERS[format](report, options);
}

export { FORMATS, type FormatName, type RenderOptions, type Renderer } from './format.js';
export { buildReport, REPORT_SCHEMA_VERSION, type ControlReport, type ReportMeta, type ScanReport } from './model.js';
export { renderJson } from './json.js';
export { renderJunit } from './junit.js';
export { renderTable } from './table.js';
