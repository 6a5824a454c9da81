import { Args, Command, Flags } from '@oclif/core';
import { reportFailure } from '../../cli/fail.js';
import { selectionFlags, waiverFlags } from '../../cli/flags.js';
import { processIo } from '../../cli/io.js';
import { renderWaiversCheck, waiversCheck, type WaiversCheckResult } from '../../cli/waivers-check.js';

export default class WaiversCheck extends Command {
  static override summary = 'Validate a waivers file; with --snapshot or --live, list the findings each waiver covers and the expired and stale ones.';
  static override description = 'Exit codes: 0 valid; 2 invalid (the message names FILE:LINE); 1 with --fail-on-stale-waivers when a waiver matches nothing.';
  static override examples = [
    '<%= config.bin %> waivers check',
    '<%= config.bin %> waivers check .cis-audit.yml --snapshot examples/demo-account.json',
    '<%= config.bin %> waivers check --live --fail-on-stale-waivers',
  ];
  static override enableJsonFlag = true;
  static override args = { file: Args.string({ description: 'waivers file (default: .cis-audit.yml)', required: false }) };
  static override flags = {
    ...selectionFlags,
    snapshot: Flags.string({ description: 'evaluate the waivers against this snapshot (no credentials or network used)' }),
    live: Flags.boolean({ default: false, description: 'evaluate the waivers against a live scan of the account' }),
    now: Flags.string({ description: 'evaluation time (ISO; default: the snapshot\'s collection time, else now)' }),
    'max-waiver-days': waiverFlags['max-waiver-days'],
    'fail-on-stale-waivers': waiverFlags['fail-on-stale-waivers'],
  };

  async run(): Promise<WaiversCheckResult | undefined> {
    const { args, flags } = await this.parse(WaiversCheck);
    try {
      const io = processIo();
      const { exitCode, result } = await waiversCheck(args.file, flags, io);
      if (!this.jsonEnabled()) io.stdout(renderWaiversCheck(result));
      process.exitCode = exitCode;
      return result;
    } catch (err) {
      process.exitCode = reportFailure(err, flags.debug);
      return undefined;
    }
  }
}
