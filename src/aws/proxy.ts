import type { Agent as HttpAgent } from 'node:http';

// HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case) for every AWS call, custom endpoints included: proxy-agent
// picks, per request, a direct socket or a proxy (CONNECT for https, absolute-URI requests for http), reading
// the variables the way curl and the AWS CLI do (proxy-from-env). Loaded only for live calls.

export interface Agents {
  httpAgent: HttpAgent;
  httpsAgent: HttpAgent;
  destroy(): void;
}

/** The SDK's own defaults for its agents: keep-alive, 50 sockets per host. */
const AGENT_OPTIONS = { keepAlive: true, maxSockets: 50 };

/** One pair per SDK client, so destroying a client's agents never closes another's sockets. */
export async function proxyAwareAgents(): Promise<Agents> {
  const [{ ProxyAgent }, http, https] = await Promise.all([import('proxy-agent'), import('node:http'), import('node:https')]);
  const directHttp = new http.Agent(AGENT_OPTIONS);
  const directHttps = new https.Agent(AGENT_OPTIONS);
  // `protocol` is merged into every request's options, so each agent knows whether its endpoint is TLS.
  // No keep-alive to an http proxy: a reused proxy socket would send the SDK's already-written relative path
  // instead of the absolute URI a proxy needs (http-proxy-agent rewrites it only on a new connection).
  const httpAgent = new ProxyAgent({ ...AGENT_OPTIONS, keepAlive: false, protocol: 'http:', httpAgent: directHttp, httpsAgent: directHttps });
  const httpsAgent = new ProxyAgent({ ...AGENT_OPTIONS, protocol: 'https:', httpAgent: directHttp, httpsAgent: directHttps });
  return {
    httpAgent,
    httpsAgent,
    destroy() {
      httpAgent.destroy();
      httpsAgent.destroy();
      directHttp.destroy();
      directHttps.destroy();
    },
  };
}
