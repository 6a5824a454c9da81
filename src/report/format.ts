import type { ScanReport } from './model.js';

// Output formats selectable with --format / --report FORMAT=PATH.
export const FORMATS = ['table', 'json', 'junit', 'sarif', 'csv', 'markdown'] as const;
export type FormatName = (typeof FORMATS)[number];

export interface RenderOptions {
  /** Colours for terminals; off for files, pipes and NO_COLOR. */
  color: boolean;
}

export type Renderer = (report: ScanReport, options: RenderOptions) => string;
