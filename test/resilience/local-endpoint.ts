import { spawn } from 'node:child_process';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Real sockets on 127.0.0.1 for the live code path of the built CLI: a minimal AWS query-protocol endpoint
// (STS and EC2, the calls of `-c 2.9`) that can answer, hang, or answer headers and then stall, per region.

export const ROOT = new URL('../..', import.meta.url).pathname;

export interface SeenRequest {
  method: string;
  url: string;
  /** The SigV4 credential scope's region and service (from the Authorization header). */
  region: string;
  service: string;
  action: string;
}

/** What the endpoint does with one request. */
export type Behaviour = 'answer' | 'hang' | 'headers-then-stall';

const ACCOUNT = '111122223333';
const REGIONS = ['us-east-1', 'eu-west-1'];

function answer(action: string): string {
  switch (action) {
    case 'GetCallerIdentity':
      return `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>arn:aws:iam::${ACCOUNT}:user/alice</Arn><UserId>AIDAEXAMPLE</UserId><Account>${ACCOUNT}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r1</RequestId></ResponseMetadata></GetCallerIdentityResponse>`;
    case 'DescribeRegions':
      return `<DescribeRegionsResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r1</requestId><regionInfo>${REGIONS.map((r) => `<item><regionName>${r}</regionName><regionEndpoint>ec2.${r}.amazonaws.com</regionEndpoint><optInStatus>opt-in-not-required</optInStatus></item>`).join('')}</regionInfo></DescribeRegionsResponse>`;
    default: {
      // Every other EC2 Describe* answers an empty list (DescribeVpcs: <vpcSet/>, DescribeFlowLogs: <flowLogSet/>).
      const noun = action.replace(/^Describe/, '').replace(/s$/, '');
      const set = `${noun.charAt(0).toLowerCase()}${noun.slice(1)}Set`;
      return `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r1</requestId><${set}/></${action}Response>`;
    }
  }
}

export function scopeOf(req: IncomingMessage): { region: string; service: string } {
  const m = /Credential=[^/]+\/\d+\/([^/]+)\/([^/]+)\//.exec(String(req.headers.authorization ?? ''));
  return { region: m?.[1] ?? '', service: m?.[2] ?? '' };
}

export interface LocalEndpoint {
  url: string;
  seen: SeenRequest[];
  /** Sockets the server still has open (a call given up must not leave one behind for long). */
  openSockets(): number;
  close(): Promise<void>;
}

export async function localAwsEndpoint(behaviour: (r: SeenRequest) => Behaviour = () => 'answer'): Promise<LocalEndpoint> {
  const seen: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createHttpServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8').on('data', (d: string) => void (body += d));
    req.on('end', () => {
      const action = new URLSearchParams(body).get('Action') ?? '';
      const r: SeenRequest = { method: req.method ?? '', url: req.url ?? '', ...scopeOf(req), action };
      seen.push(r);
      const what = behaviour(r);
      if (what === 'hang') return;
      const xml = answer(action);
      res.writeHead(200, { 'content-type': 'text/xml', 'content-length': String(Buffer.byteLength(xml) + 100) });
      if (what === 'headers-then-stall') res.write(xml.slice(0, 20));
      else res.end(xml + ' '.repeat(100));
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await listen(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    openSockets: () => sockets.size,
    close: () => closeServer(server, sockets),
  };
}

/** Accepts connections and never sends a byte. */
export async function silentTcpServer(): Promise<LocalEndpoint> {
  const sockets = new Set<Socket>();
  const server = createTcpServer((s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
    s.on('error', () => undefined);
    s.resume();
  });
  await listen(server);
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen: [],
    openSockets: () => sockets.size,
    close: () => closeServer(server, sockets),
  };
}

export function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
}

export function closeServer(server: Server, sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Fake static credentials and no config files: nothing reaches beyond 127.0.0.1. */
export function liveEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = mkdtempSync(join(tmpdir(), 'cis-audit-live-'));
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, 'no-such-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-such-credentials'),
    AWS_REGION: 'us-east-1',
    ...extra,
  };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the built CLI; a run that outlives `killAfterMs` is killed (and its code is then null). */
export function runCli(args: string[], env: NodeJS.ProcessEnv, killAfterMs = 30_000, nodeArgs: string[] = []): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'bin/run.js'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: killAfterMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => void (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => void (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
}
