import { Flags } from '@oclif/core';
import { DEFAULT_CONCURRENCY } from '../aws/reader.js';
import { BENCHMARK_SELECTORS, DEFAULT_BENCHMARK } from '../benchmark/index.js';

// Flags shared by scan and collect: what to read, and from where.
export const benchmarkFlags = {
  benchmark: Flags.string({
    char: 'b',
    multiple: true,
    description: `benchmark version(s): ${BENCHMARK_SELECTORS.join(', ')} (repeatable or comma list; default ${DEFAULT_BENCHMARK})`,
  }),
  level: Flags.string({ description: 'CIS profile level: 1, or 2 (default; includes level 1)', options: ['1', '2'] }),
};

export const selectionFlags = {
  ...benchmarkFlags,
  control: Flags.string({
    char: 'c',
    multiple: true,
    description: 'control ids to include (repeatable or comma list); a section like 1 or 3.* selects all its controls',
  }),
  'exclude-control': Flags.string({ multiple: true, description: 'control ids or sections to leave out' }),
  region: Flags.string({
    char: 'r',
    multiple: true,
    description: 'regions to scan (repeatable or comma list); default: every region enabled for the account',
  }),
  profile: Flags.string({ description: 'AWS shared config profile (default credential chain otherwise)' }),
  'endpoint-url': Flags.string({
    description: 'custom AWS endpoint, e.g. LocalStack (default: $AWS_ENDPOINT_URL); S3 then uses path-style',
  }),
  concurrency: Flags.integer({
    default: DEFAULT_CONCURRENCY,
    description: 'most AWS calls in flight at once (API quotas are protected by the per-service rate limits, not by this)',
  }),
  'max-rps': Flags.integer({ description: 'client-side calls per second per service and region (default: per-service rates well under AWS limits, see docs/performance.md)' }),
  'call-timeout': Flags.integer({ default: 60, description: 'seconds before one AWS call (retries included) is given up as ERROR' }),
  'root-usage-days': Flags.integer({ default: 90, description: '1.1: root use within this many days fails' }),
  'strict-patterns': Flags.boolean({
    default: false,
    description: '3.x: require the exact prescribed filter pattern (Security Hub behaviour) instead of equivalence',
  }),
  debug: Flags.boolean({ default: false, description: 'print stack traces and call counts on stderr' }),
};

/** A waivers file and its rules (scan, waivers check); docs/waivers.md. */
export const waiverFlags = {
  waivers: Flags.string({ description: 'waivers file (YAML or JSON) turning listed FAIL findings into SUPPRESSED (default: .cis-audit.yml in the working directory, when present)' }),
  'max-waiver-days': Flags.integer({ default: 365, description: 'reject waivers expiring more than this many days after the evaluation time' }),
  'fail-on-stale-waivers': Flags.boolean({ default: false, description: 'exit 1 when a waiver matches no finding (it is stale)' }),
};
