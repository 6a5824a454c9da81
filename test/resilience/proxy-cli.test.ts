import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { closeServer, liveEnv, listen, localAwsEndpoint, runCli, type LocalEndpoint } from './local-endpoint.js';

// HTTPS_PROXY / HTTP_PROXY / NO_PROXY (either case) are honoured for every AWS call, custom endpoints included.
// A local proxy on 127.0.0.1 counts CONNECTs (refused: nothing leaves the machine) and forwards plain proxied
// requests to the local endpoint, so the http case runs a whole scan through it.

interface LocalProxy {
  url: string;
  connects: string[];
  forwarded: string[];
  close(): Promise<void>;
}

async function localProxy(): Promise<LocalProxy> {
  const connects: string[] = [];
  const forwarded: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    forwarded.push(`${req.method} ${req.url}`);
    const upstream = request(req.url!, { method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req: IncomingMessage, socket: Socket) => {
    connects.push(String(req.url));
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n');
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await listen(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connects, forwarded, close: () => closeServer(server, sockets) };
}

let proxy: LocalProxy | undefined;
let endpoint: LocalEndpoint | undefined;
afterEach(async () => {
  await proxy?.close();
  await endpoint?.close();
  proxy = endpoint = undefined;
});

const scan = (env: NodeJS.ProcessEnv, ...args: string[]) =>
  runCli(['scan', '--call-timeout', '5', '--format', 'json', ...args], liveEnv(env), 25_000);

describe('proxies', { timeout: 30_000 }, () => {
  it.each(['HTTPS_PROXY', 'https_proxy'])('%s: AWS endpoints are reached through CONNECT to the proxy', async (name) => {
    proxy = await localProxy();
    const r = await scan({ [name]: proxy.url }, '-c', '1.9');
    expect(proxy.connects).toContain('sts.us-east-1.amazonaws.com:443');
    // The proxy refused, so the account cannot be determined: a clear error, never a direct connection.
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^Error: cannot determine the AWS account/);
  });

  it('HTTPS_PROXY: an https custom endpoint goes through the proxy too', async () => {
    proxy = await localProxy();
    const r = await scan({ HTTPS_PROXY: proxy.url }, '-c', '1.9', '--endpoint-url', 'https://127.0.0.1:9');
    expect(proxy.connects).toContain('127.0.0.1:9');
    expect(r.code, r.stderr).toBe(2);
  });

  it('HTTP_PROXY: an http custom endpoint is asked through the proxy (absolute-URI requests), and the scan completes', async () => {
    proxy = await localProxy();
    endpoint = await localAwsEndpoint();
    const r = await scan({ HTTP_PROXY: proxy.url }, '-c', '2.9', '--endpoint-url', endpoint.url);
    expect(r.code, r.stderr).toBe(0);
    expect(proxy.forwarded.length).toBe(endpoint.seen.length);
    expect(proxy.forwarded).toContain(`POST ${endpoint.url}/`);
    expect(endpoint.seen.map((s) => s.action)).toEqual(expect.arrayContaining(['GetCallerIdentity', 'DescribeRegions', 'DescribeVpcs', 'DescribeFlowLogs']));
  });

  it('NO_PROXY: a listed host is reached directly, the proxy sees nothing', async () => {
    proxy = await localProxy();
    endpoint = await localAwsEndpoint();
    const r = await scan({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' }, '-c', '2.9', '--endpoint-url', endpoint.url);
    expect(r.code, r.stderr).toBe(0);
    expect(proxy.forwarded).toEqual([]);
    expect(proxy.connects).toEqual([]);
    expect(endpoint.seen.length).toBeGreaterThan(0);
  });
});
