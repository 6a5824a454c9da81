import { describe, expect, it } from 'vitest';
import { AwsCallError } from '../../src/aws/errors.js';
import type { AwsCall, AwsTransport } from '../../src/aws/transport.js';
import { CIS_AWS_1_2_0 } from '../../src/benchmark/cis-aws-1.2.0.js';
import { DEFAULT_CHECK_OPTIONS } from '../../src/checks/check.js';
import { runScan } from '../../src/engine/scan.js';

// Without credentials both first calls (sts:GetCallerIdentity, ec2:DescribeRegions) fail; the user must hear
// about the credentials whichever fails first (on Node 24 DescribeRegions often loses the race to fail first).
class NoCredentials implements AwsTransport {
  constructor(private readonly stsDelayMs: number) {}
  async send(call: AwsCall): Promise<Record<string, unknown>> {
    if (call.service === 'sts') await new Promise((r) => setTimeout(r, this.stsDelayMs));
    throw new AwsCallError(call, 'CredentialsProviderError', 'Could not load credentials from any providers');
  }
}

const scan = (stsDelayMs: number) =>
  runScan({
    controls: CIS_AWS_1_2_0.controls.filter((c) => c.id === '2.9'),
    transport: new NoCredentials(stsDelayMs),
    homeRegion: 'us-east-1',
    options: DEFAULT_CHECK_OPTIONS,
    concurrency: 4,
    sleep: async () => {},
  });

describe('a scan without credentials', () => {
  it.each([0, 50])('names the credentials, not the region listing, when STS fails %i ms after DescribeRegions', async (delay) => {
    await expect(scan(delay)).rejects.toThrow(/^no usable AWS credentials: Could not load credentials/);
  });
});
