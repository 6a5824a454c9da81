import type { ScanReport } from './model.js';

// Output formats selectable with --format / --report FORMAT=PATH.
export const FORMATS = ['table', 'json', 'junit', 'sarif', 'csv', 'markdown', 'asff', 'html'] as const;
export type FormatName = (typeof FORMATS)[number];

export interface RenderOptions {
  /** Colours for terminals; off for files, pipes and NO_COLOR. */
  color: boolean;
  /** Table: the line width to lay out for (the terminal's columns; default 100 for files and pipes). */
  width?: number;
  /** Table: list every deciding resource of a FAIL/ERROR control, not the first 10 (`--all-findings`). */
  allFindings?: boolean;
}

export type Renderer = (report: ScanReport, options: RenderOptions) => string;
