import { describe, expect, it } from 'vitest';
import { AwsReader } from '../../src/aws/reader.js';
import { clientConfig } from '../../src/aws/live-transport.js';
import type { AwsCall, AwsTransport, SendOptions } from '../../src/aws/transport.js';

// A call given up at the call timeout is aborted, not merely no longer awaited: the transport's signal fires,
// with the same TimeoutError the caller sees, so the live transport closes the request's socket.
describe('call timeout aborts the call', () => {
  it('the transport gets a signal that is aborted when the timeout passes', async () => {
    const signals: AbortSignal[] = [];
    const hanging: AwsTransport = {
      send(_call: AwsCall, options?: SendOptions) {
        signals.push(options!.signal!);
        return new Promise(() => {});
      },
    };
    const reader = new AwsReader(hanging, { callTimeoutMs: 20 });
    const err = await reader.call('ec2', 'eu-west-1', 'DescribeVpcs').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TimeoutError', message: 'no answer within 0.02 s' });
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(true);
    expect(signals[0]!.reason).toBe(err);
  });

  it('a call that answers in time is not aborted afterwards', async () => {
    const signals: AbortSignal[] = [];
    const quick: AwsTransport = {
      async send(_call, options) {
        signals.push(options!.signal!);
        return { Vpcs: [] };
      },
    };
    const reader = new AwsReader(quick, { callTimeoutMs: 20 });
    expect(await reader.call('ec2', 'eu-west-1', 'DescribeVpcs')).toEqual({ Vpcs: [] });
    await new Promise((r) => setTimeout(r, 40));
    expect(signals[0]!.aborted).toBe(false);
  });

  it('the SDK request timeout throws (no warning, socket destroyed) and the connection timeout never exceeds it', () => {
    const handler = clientConfig('sts', 'us-east-1', { requestTimeoutMs: 2000 }).requestHandler;
    expect(handler).toMatchObject({ requestTimeout: 2000, throwOnRequestTimeout: true, connectionTimeout: 2000 });
    expect(clientConfig('sts', 'us-east-1', {}).requestHandler).toMatchObject({ requestTimeout: 30_000, throwOnRequestTimeout: true, connectionTimeout: 10_000 });
  });

  it('passes the proxy-aware agents to the SDK handler', () => {
    const agents = { httpAgent: {} as never, httpsAgent: {} as never };
    expect(clientConfig('s3', 'eu-west-1', {}, agents).requestHandler).toMatchObject(agents);
  });
});
