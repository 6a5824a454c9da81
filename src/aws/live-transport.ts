import { normalizeSdkError } from './errors.js';
import { SERVICES, type ServiceName } from './services.js';
import type { AwsCall, AwsTransport } from './transport.js';

export interface LiveOptions {
  profile?: string;
  /** A custom endpoint (LocalStack, moto): S3 then uses path-style addressing. */
  endpointUrl?: string;
  /** SDK attempts per call, adaptive retry mode (client-side rate limiting on throttling). */
  maxAttempts?: number;
  /** Milliseconds before a hung request is abandoned (becomes ERROR, never a hang). */
  requestTimeoutMs?: number;
}

interface SdkClient {
  send(command: unknown): Promise<Record<string, unknown>>;
}
type SdkCommandClass = new (input: unknown) => unknown;
type SdkClientClass = new (config: Record<string, unknown>) => SdkClient;

/** The only place that talks to AWS for reads: one SDK client per service and region, default credential chain. */
export class LiveTransport implements AwsTransport {
  private readonly clients = new Map<string, Promise<{ client: SdkClient; module: Record<string, unknown> }>>();

  constructor(private readonly options: LiveOptions = {}) {}

  async send(call: AwsCall): Promise<Record<string, unknown>> {
    const { client, module } = await this.clientFor(call.service, call.region);
    const Command = module[`${call.operation}Command`] as SdkCommandClass | undefined;
    if (!Command) throw new Error(`internal: no SDK command ${call.service}:${call.operation}`);
    try {
      const out = await client.send(new Command(call.input));
      const { $metadata: _ignored, ...rest } = out;
      return rest;
    } catch (err) {
      throw normalizeSdkError(call, err);
    }
  }

  private clientFor(service: ServiceName, region: string) {
    const key = `${service}|${region}`;
    let entry = this.clients.get(key);
    if (!entry) {
      entry = this.createClient(service, region);
      this.clients.set(key, entry);
    }
    return entry;
  }

  private async createClient(service: ServiceName, region: string) {
    const spec = SERVICES[service];
    const module = await spec.load();
    const ClientClass = module[spec.clientClass] as SdkClientClass;
    const client = new ClientClass(clientConfig(service, region, this.options));
    return { client, module };
  }
}

export function clientConfig(service: ServiceName, region: string, o: LiveOptions): Record<string, unknown> {
  const config: Record<string, unknown> = {
    region,
    retryMode: 'adaptive',
    maxAttempts: o.maxAttempts ?? 4,
    requestHandler: { requestTimeout: o.requestTimeoutMs ?? 30_000, connectionTimeout: 10_000 },
  };
  if (o.profile) config.profile = o.profile;
  if (o.endpointUrl) {
    config.endpoint = o.endpointUrl;
    if (service === 's3') config.forcePathStyle = true;
    // S3 Control's endpoint rules prefix the account id to the host, which breaks a custom endpoint.
    if (service === 's3control') {
      const url = new URL(o.endpointUrl);
      config.endpointProvider = () => ({ url });
    }
  }
  return config;
}
