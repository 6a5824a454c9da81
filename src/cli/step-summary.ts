import { appendFileSync } from 'node:fs';
import type { ScanReport } from '../report/model.js';

/** On GitHub Actions ($GITHUB_STEP_SUMMARY), appends the Markdown summary to the run page; a failure only warns. */
export async function appendStepSummary(report: ScanReport, env: NodeJS.ProcessEnv, warn: (s: string) => void): Promise<void> {
  const path = env.GITHUB_STEP_SUMMARY;
  if (!path) return;
  // The Markdown renderer is loaded on GitHub Actions only (startup time elsewhere).
  const { renderMarkdownReport } = await import('../report/markdown.js');
  try {
    appendFileSync(path, `${renderMarkdownReport(report)}\n`);
  } catch (err) {
    warn(`warning: could not append the step summary to ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}\n`);
  }
}
