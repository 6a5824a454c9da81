import type { Renderer } from './format.js';

// The report as JSON, exactly in the shape schema/scan-report.v1.schema.json describes.
export const renderJson: Renderer = (report) => JSON.stringify(report, null, 2) + '\n';
