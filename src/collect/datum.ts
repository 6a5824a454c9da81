import { AwsCallError } from '../aws/errors.js';
import type { ReaderView } from '../aws/reader.js';
import type { ServiceName } from '../aws/services.js';
import type { Got } from '../model/got.js';

// A datum is one named piece of account state, loaded once per scan and handed to checks as data-or-error.
export interface CollectContext {
  readonly aws: ReaderView;
  readonly account: string;
  readonly partition: string;
  /** Region for global services (IAM, STS). */
  readonly homeRegion: string;
  /** The regions being scanned. */
  readonly regions: readonly string[];
  /** Another datum this one builds on (memoized: loaded once however many ask). */
  get<T>(def: DatumDef<T>): Promise<Got<T>>;
  /** A part several datums build on (one trail's status, one log group's filters), loaded once per scan, so a
   *  datum can start on the parts that are in instead of waiting for a whole datum. */
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
  /** Waits between polls (no-op when replaying a snapshot). */
  sleep(ms: number): Promise<void>;
  /** Where a bug or a surprising response is reported (its stack is shown with --debug). */
  unexpected(err: unknown): void;
}

export interface DatumDef<T> {
  readonly key: string;
  readonly description: string;
  /** IAM actions the load needs, for `cis-audit permissions` and docs. */
  readonly reads: readonly string[];
  /** True when the datum is per region (the scan then needs the region list). */
  readonly regional: boolean;
  /** Datums this one reads through ctx.get, so needs can be resolved before loading. */
  readonly dependsOn: readonly DatumDef<unknown>[];
  /** May throw AwsCallError: the collector turns it into a failed Got naming the call. */
  load(ctx: CollectContext): Promise<T>;
}

export function defineDatum<T>(def: {
  key: string;
  description: string;
  reads: string[];
  dependsOn?: DatumDef<unknown>[];
  regional?: boolean;
  load(ctx: CollectContext): Promise<T>;
}): DatumDef<T> {
  return { dependsOn: [], regional: false, ...def };
}

/** Per-region results: one region's failure stays that region's. */
export type Regional<T> = Record<string, Got<T>>;

export function defineRegionalDatum<T>(def: {
  key: string;
  description: string;
  reads: string[];
  dependsOn?: DatumDef<unknown>[];
  loadRegion(ctx: CollectContext, region: string): Promise<T>;
}): DatumDef<Regional<T>> {
  return defineDatum<Regional<T>>({
    key: def.key,
    description: def.description,
    reads: def.reads,
    dependsOn: def.dependsOn ?? [],
    regional: true,
    async load(ctx) {
      const entries = await Promise.all(
        ctx.regions.map(async (region) => [region, await settle(() => def.loadRegion(ctx, region), def.key, region, ctx.unexpected)] as const),
      );
      return Object.fromEntries(entries);
    },
  });
}

/** Runs a load, turning AwsCallError (and only unexpected errors with an InternalError code) into a failed Got. */
export async function settle<T>(
  load: () => Promise<T>,
  what: string,
  region: string,
  unexpected: (err: unknown) => void,
): Promise<Got<T>> {
  try {
    return { ok: true, value: await load() };
  } catch (err) {
    if (err instanceof AwsCallError) return { ok: false, error: err.toReadError() };
    unexpected(err);
    const message = err instanceof Error ? err.message : String(err);
    return {
      ok: false,
      error: { service: 'cis-audit', operation: `collect ${what}`, region, code: 'UnexpectedResponse', message },
    };
  }
}

/** A datum this one builds on failed: fail the same way, so checks name the original read. */
export function orThrow<T>(got: Got<T>): T {
  if (got.ok) return got.value;
  const e = got.error;
  throw new AwsCallError({ service: e.service as ServiceName, operation: e.operation, region: e.region }, e.code, e.message);
}

/** All datums a set needs, dependencies first, each once. */
export function closeOver(defs: Iterable<DatumDef<unknown>>): DatumDef<unknown>[] {
  const seen = new Set<string>();
  const out: DatumDef<unknown>[] = [];
  const visit = (d: DatumDef<unknown>) => {
    if (seen.has(d.key)) return;
    seen.add(d.key);
    d.dependsOn.forEach(visit);
    out.push(d);
  };
  for (const d of defs) visit(d);
  return out;
}
