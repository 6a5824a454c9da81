import type { Agent as HttpAgent } from 'node:http';
import type { CredentialProvider } from './assume-role.js';
import { normalizeSdkError } from './errors.js';
import { proxyAwareAgents, type Agents } from './proxy.js';
import { SERVICES, type ServiceName } from './services.js';
import type { AwsCall, AwsTransport, SendOptions } from './transport.js';

export interface LiveOptions {
  profile?: string;
  /** A custom endpoint (LocalStack, moto): S3 then uses path-style addressing. */
  endpointUrl?: string;
  /** SDK attempts per call, adaptive retry mode (client-side rate limiting on throttling). */
  maxAttempts?: number;
  /** Milliseconds before one HTTP attempt is aborted (an error, never the SDK's warning or a hang). */
  requestTimeoutMs?: number;
  /** Credentials of an assumed role (refreshed by the provider); otherwise the profile or the default chain. */
  credentials?: CredentialProvider;
}

interface SdkClient {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<Record<string, unknown>>;
  destroy(): void;
}
type SdkCommandClass = new (input: unknown) => unknown;
type SdkClientClass = new (config: Record<string, unknown>) => SdkClient;

/** Transports with clients that may still hold sockets; bin/run.js closes them when the command is done. */
const open = new Set<LiveTransport>();

export function closeLiveTransports(): void {
  for (const t of open) t.close();
}

/** The only place that talks to AWS for reads: one SDK client per service and region, default credential chain (or an assumed role). */
export class LiveTransport implements AwsTransport {
  private readonly clients = new Map<string, Promise<{ client: SdkClient; module: Record<string, unknown>; agents: Agents }>>();

  constructor(private readonly options: LiveOptions = {}) {}

  async send(call: AwsCall, options: SendOptions = {}): Promise<Record<string, unknown>> {
    const { client, module } = await this.clientFor(call.service, call.region);
    const Command = module[`${call.operation}Command`] as SdkCommandClass | undefined;
    if (!Command) throw new Error(`internal: no SDK command ${call.service}:${call.operation}`);
    try {
      // The signal aborts the socket itself (SDK retries included), so a call given up holds nothing open.
      const out = await client.send(new Command(call.input), options.signal ? { abortSignal: options.signal } : {});
      const { $metadata: _ignored, ...rest } = out;
      return rest;
    } catch (err) {
      throw normalizeSdkError(call, err);
    }
  }

  /** Destroys every client and its sockets: nothing of ours keeps the process alive afterwards. */
  close(): void {
    open.delete(this);
    const entries = [...this.clients.values()];
    this.clients.clear();
    for (const entry of entries) {
      void entry.then(({ client, agents }) => {
        client.destroy();
        agents.destroy();
      }, () => undefined);
    }
  }

  private clientFor(service: ServiceName, region: string) {
    const key = `${service}|${region}`;
    let entry = this.clients.get(key);
    if (!entry) {
      open.add(this);
      entry = this.createClient(service, region);
      this.clients.set(key, entry);
    }
    return entry;
  }

  private async createClient(service: ServiceName, region: string) {
    const spec = SERVICES[service];
    // Each SDK client module is loaded on its first live call: a snapshot replay loads none.
    const [module, agents] = await Promise.all([spec.load(), proxyAwareAgents()]);
    const ClientClass = module[spec.clientClass] as SdkClientClass;
    const client = new ClientClass(clientConfig(service, region, this.options, agents));
    return { client, module, agents };
  }
}

export function clientConfig(
  service: ServiceName,
  region: string,
  o: LiveOptions,
  agents?: { httpAgent: HttpAgent; httpsAgent: HttpAgent },
): Record<string, unknown> {
  const requestTimeout = o.requestTimeoutMs ?? 30_000;
  const config: Record<string, unknown> = {
    region,
    retryMode: 'adaptive',
    maxAttempts: o.maxAttempts ?? 4,
    requestHandler: {
      requestTimeout,
      // Without it the SDK only prints a warning when the timeout passes and leaves the socket open.
      throwOnRequestTimeout: true,
      connectionTimeout: Math.min(10_000, requestTimeout),
      ...(agents ? { httpAgent: agents.httpAgent, httpsAgent: agents.httpsAgent } : {}),
    },
  };
  if (o.credentials) config.credentials = o.credentials;
  else if (o.profile) config.profile = o.profile;
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
