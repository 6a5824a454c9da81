import { readerView, type AwsReader, type ReaderView } from '../aws/reader.js';
import type { Got } from '../model/got.js';
import { settle, type CollectContext, type DatumDef } from './datum.js';

/** Loads datums once each (memoized by key) and keeps their data-or-error results for the checks. */
export class Collector implements CollectContext {
  private readonly results = new Map<string, Promise<Got<unknown>>>();
  private readonly parts = new Map<string, Promise<unknown>>();
  readonly unexpectedErrors: unknown[] = [];
  readonly aws: ReaderView;
  private readonly urgentAws: ReaderView;

  constructor(
    readonly reader: AwsReader,
    readonly account: string,
    readonly partition: string,
    readonly homeRegion: string,
    readonly regions: readonly string[],
    private readonly pause: (ms: number) => Promise<void>,
    /** Datums other datums wait for: their calls go ahead of bulk reads (the critical path). */
    private readonly urgent: ReadonlySet<string> = new Set(),
  ) {
    this.aws = readerView(reader, false);
    this.urgentAws = readerView(reader, true);
  }

  get<T>(def: DatumDef<T>): Promise<Got<T>> {
    let result = this.results.get(def.key);
    if (!result) {
      const ctx: CollectContext = this.urgent.has(def.key) ? Object.assign(Object.create(this) as Collector, { aws: this.urgentAws }) : this;
      result = settle(() => def.load(ctx), def.key, this.homeRegion, this.unexpected);
      this.results.set(def.key, result);
    }
    return result as Promise<Got<T>>;
  }

  once<T>(key: string, load: () => Promise<T>): Promise<T> {
    let part = this.parts.get(key);
    if (!part) {
      part = load();
      this.parts.set(key, part);
    }
    return part as Promise<T>;
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
