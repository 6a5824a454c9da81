import { appendFileSync } from 'node:fs';
import { renderMarkdownReport } from '../report/markdown.js';
import type { ScanReport } from '../report/model.js';

/** On GitHub Actions ($GITHUB_STEP_SUMMARY), appends the Markdown summary to the run page; a failure only warns. */
export function appendStepSummary(report: ScanReport, env: NodeJS.ProcessEnv, warn: (s: string) => void): void {
  const path = env.GITHUB_STEP_SUMMARY;
  if (!path) return;
  try {
    appendFileSync(path, `${renderMarkdownReport(report)}\n`);
  } catch (err) {
    warn(`warning: could not append the step summary to ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
  }
}
