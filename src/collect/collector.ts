import type { AwsReader } from '../aws/reader.js';
import type { Got } from '../model/got.js';
import { settle, type CollectContext, type DatumDef } from './datum.js';

/** Loads datums once each (memoized by key) and keeps their data-or-error results for the checks. */
export class Collector implements CollectContext {
  private readonly results = new Map<string, Promise<Got<unknown>>>();
  readonly unexpectedErrors: unknown[] = [];

  constructor(
    readonly aws: AwsReader,
    readonly account: string,
    readonly partition: string,
    readonly homeRegion: string,
    readonly regions: readonly string[],
    private readonly pause: (ms: number) => Promise<void>,
  ) {}

  get<T>(def: DatumDef<T>): Promise<Got<T>> {
    let result = this.results.get(def.key);
    if (!result) {
      result = settle(() => def.load(this), def.key, this.homeRegion, this.unexpected);
      this.results.set(def.key, result);
    }
    return result as Promise<Got<T>>;
  }

  sleep(ms: number): Promise<void> {
    return this.pause(ms);
  }

  /** An arrow property: loaders pass it around unbound. */
  readonly unexpected = (err: unknown): void => {
    this.unexpectedErrors.push(err);
  };

  /** Everything loaded so far, for evaluation. */
  async settled(): Promise<Map<string, Got<unknown>>> {
    const entries = await Promise.all([...this.results].map(async ([k, p]) => [k, await p] as const));
    return new Map(entries);
  }
}
