import { FORMATS, type FormatName, type RenderOptions } from '../report/format.js';
import type { Io } from '../model/io.js';
import { UsageError } from './errors.js';
import { planOutputs, STDOUT, writeFilesAtomically, type OutputTarget } from './output.js';

// --format / --output / --report FORMAT=PATH for any command that writes reports (scan, report merge): every
// destination planned and proven writable before the work, every file written at once after it.

export type PlannedOutput = OutputTarget & { format: FormatName; main: boolean };

/** Renders the report in `format`; the caller closes over which report (scan or organisation). */
export type RenderAs = (format: FormatName, options: RenderOptions) => Promise<string>;

export function asFormat(text: string, flag: string): FormatName {
  if ((FORMATS as readonly string[]).includes(text)) return text as FormatName;
  throw new UsageError(`${flag}: unknown format ${text}`, `formats: ${FORMATS.join(', ')}`);
}

export function parseReportFlag(value: string): { format: FormatName; path: string } {
  const eq = value.indexOf('=');
  if (eq <= 0 || value.slice(eq + 1).trim() === '') throw new UsageError(`--report expects FORMAT=PATH, got ${value}`, 'for example --report junit=cis.xml');
  return { format: asFormat(value.slice(0, eq), '--report'), path: value.slice(eq + 1) };
}

/** --output (default stdout) and every --report, normalised and proven writable before anything is read. */
export function planReportOutputs(flags: { output?: string; report?: string[] }, format: FormatName): PlannedOutput[] {
  const extra = (flags.report ?? []).map(parseReportFlag);
  const requests = [
    { flag: '--output', value: flags.output ?? STDOUT, format, main: true },
    ...extra.map((r) => ({ flag: `--report ${r.format}`, value: r.path, format: r.format, main: false })),
  ];
  const targets = planOutputs(requests);
  return targets.map((t, i) => ({ ...t, format: requests[i]!.format, main: requests[i]!.main }));
}

/** Every file output, all or none; returns the paths written. */
export async function writeReportFiles(outputs: PlannedOutput[], render: RenderAs): Promise<string[]> {
  const files = [];
  for (const o of outputs) if (!o.stdout) files.push({ path: o.path, content: await render(o.format, { color: false }) });
  writeFilesAtomically(files);
  return files.map((f) => f.path);
}

/** The outputs that go to stdout (`-`, or no --output); with oclif's --json, oclif prints the main report itself. */
export async function printReportOutputs(outputs: PlannedOutput[], io: Io, render: RenderAs, jsonToStdout = false): Promise<void> {
  for (const o of outputs) {
    if (!o.stdout || (o.main && jsonToStdout)) continue;
    const color = o.main && o.format === 'table' && io.stdoutIsTTY && !io.env.NO_COLOR;
    io.stdout(await render(o.format, { color, ...(io.stdoutIsTTY && io.stdoutColumns ? { width: io.stdoutColumns } : {}) }));
  }
}
