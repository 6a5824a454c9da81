import { Args, Command, Flags } from '@oclif/core';
import { runScan } from '../engine/scan.js';
import { explainControl, renderExplanation, type Explanation } from '../cli/explain.js';
import { reportFailure } from '../cli/fail.js';
import { benchmarkFlags } from '../cli/flags.js';
import { prepareScan, resolveBenchmarks, resolveControls } from '../cli/scan-setup.js';
import { UsageError } from '../model/errors.js';

export default class Explain extends Command {
  static override summary = 'Explain a control: what it checks and how it is decided, what is read, what fix does, its ids elsewhere, and (with --snapshot or --live) this account\'s findings.';
  static override examples = ['<%= config.bin %> explain 2.8', '<%= config.bin %> explain 3.6 --benchmark cis-3.0.0 --snapshot account.json', '<%= config.bin %> explain 1.9 --json'];
  static override enableJsonFlag = true;
  static override args = { control: Args.string({ required: true, description: 'control id in the benchmark (e.g. 1.9)' }) };
  static override flags = {
    ...benchmarkFlags,
    snapshot: Flags.string({ description: 'also show this snapshot\'s findings for the control (no AWS calls)' }),
    live: Flags.boolean({ default: false, description: 'also scan the control live (default credentials) and show its findings' }),
    profile: Flags.string({ description: 'AWS profile for --live' }),
  };

  async run(): Promise<Explanation[] | undefined> {
    const { args, flags } = await this.parse(Explain);
    try {
      if (flags.snapshot && flags.live) throw new UsageError('give --snapshot or --live, not both');
      const benchmarks = resolveBenchmarks(flags.benchmark);
      const controls = resolveControls({ benchmark: flags.benchmark, control: [args.control] }).filter((c) => c.id === args.control || benchmarks.length > 0);
      const explanations = controls.map((c) => explainControl(c, benchmarks.find((b) => b.selector === c.benchmark)!.sections[c.section] ?? c.section));
      if (flags.snapshot || flags.live) {
        const prepared = await prepareScan({
          benchmark: flags.benchmark, control: [args.control], concurrency: 16, 'root-usage-days': 90, 'strict-patterns': false,
          ...(flags.snapshot ? { snapshot: flags.snapshot } : {}), ...(flags.profile ? { profile: flags.profile } : {}),
        }, process.env);
        const result = await runScan(prepared.request);
        for (const e of explanations) {
          const r = result.controls.find((x) => x.control.benchmark === e.benchmark && x.control.id === e.id);
          if (r) e.findings = { status: r.status, reason: r.reason, findings: r.findings };
        }
      }
      if (!this.jsonEnabled()) process.stdout.write(explanations.map(renderExplanation).join('\n'));
      return explanations;
    } catch (err) {
      process.exitCode = reportFailure(err, false);
      return undefined;
    }
  }
}
