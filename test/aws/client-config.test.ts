import { describe, expect, it } from 'vitest';
import { S3ControlClient, GetPublicAccessBlockCommand } from '@aws-sdk/client-s3-control';
import { clientConfig } from '../../src/aws/live-transport.js';

// Custom endpoints (LocalStack, moto): S3 path-style, S3 Control pinned to the endpoint as given.
describe('clientConfig', () => {
  it('uses adaptive retries, a request timeout and the profile for every service', () => {
    const c = clientConfig('iam', 'us-east-1', { profile: 'prod' });
    expect(c).toMatchObject({ region: 'us-east-1', retryMode: 'adaptive', maxAttempts: 4, profile: 'prod' });
    expect(c.requestHandler).toMatchObject({ requestTimeout: 30_000 });
    expect(c.endpoint).toBeUndefined();
  });

  it('points every client at a custom endpoint, S3 with path-style addressing', () => {
    expect(clientConfig('ec2', 'eu-west-1', { endpointUrl: 'http://localhost:4566' }).endpoint).toBe('http://localhost:4566');
    expect(clientConfig('s3', 'eu-west-1', { endpointUrl: 'http://localhost:4566' })).toMatchObject({ endpoint: 'http://localhost:4566', forcePathStyle: true });
    expect(clientConfig('s3', 'eu-west-1', {}).forcePathStyle).toBeUndefined();
  });

  it('resolves S3 Control to the custom endpoint itself, without the account-id host prefix', async () => {
    const config = clientConfig('s3control', 'us-east-1', { endpointUrl: 'http://localhost:4566' });
    const client = new S3ControlClient({ ...config, credentials: { accessKeyId: 'AKID', secretAccessKey: 'secret' } });
    const seen: string[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        const req = args.request as { hostname: string; port?: number; protocol: string };
        seen.push(`${req.protocol}//${req.hostname}:${req.port}`);
        return { output: { $metadata: {} } as never, response: {} as never };
      },
      { step: 'finalizeRequest', priority: 'low' },
    );
    await client.send(new GetPublicAccessBlockCommand({ AccountId: '111122223333' })).catch(() => undefined);
    expect(seen).toEqual(['http://localhost:4566']);
  });
});
