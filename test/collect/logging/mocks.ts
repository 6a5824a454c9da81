// aws-sdk-client-mock for the clients the logging datums use, on top of the shared reader helper (which sets dummy
// credentials and mocks IAM/STS/EC2); every call is also recorded with its region through the reader.
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { S3ControlClient, S3ControlServiceException } from '@aws-sdk/client-s3-control';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach } from 'vitest';
import type { AwsCall } from '../../../src/aws/transport.js';
import type { Collector } from '../../../src/collect/collector.js';
import { makeCollector, makeReader, mockAws } from '../../helpers/reader.js';

export function mockLoggingAws() {
  mockAws();
  const mocks = {
    cloudtrail: mockClient(CloudTrailClient),
    s3: mockClient(S3Client),
    s3control: mockClient(S3ControlClient),
    kms: mockClient(KMSClient),
    config: mockClient(ConfigServiceClient),
  };
  afterEach(() => Object.values(mocks).forEach((m) => m.reset()));
  afterAll(() => Object.values(mocks).forEach((m) => m.restore()));
  return mocks;
}

/** A collector over the mocked clients that records every call (service, region, operation, input). */
export function recordingCollector(regions: string[] = ['us-east-1']): { collector: Collector; calls: AwsCall[] } {
  const calls: AwsCall[] = [];
  const collector = makeCollector({ regions, reader: makeReader({ onCall: (c) => calls.push(c) }) });
  return { collector, calls };
}

export const callsOf = (calls: AwsCall[], service: string, operation: string) =>
  calls.filter((c) => c.service === service && c.operation === operation).map((c) => ({ region: c.region, input: c.input }));

export function s3Error(code: string, status = 404): S3ServiceException {
  return new S3ServiceException({ name: code, $fault: 'client', $metadata: { httpStatusCode: status }, message: `${code} from S3` });
}

export function s3ControlError(code: string, status = 404): S3ControlServiceException {
  return new S3ControlServiceException({ name: code, $fault: 'client', $metadata: { httpStatusCode: status }, message: `${code} from S3 Control` });
}

/** An SDK-shaped error with an arbitrary AWS code (AccessDenied, TrailNotFoundException…). */
export function awsError(code: string, status = 400): Error {
  return Object.assign(new Error(`${code}: not allowed`), { name: code, $fault: 'client', $metadata: { httpStatusCode: status } });
}

/** The region of the mocked client a command was sent through (for per-region fakes). */
export async function clientRegion(getClient: () => { config: { region: unknown } }): Promise<string> {
  const region = getClient().config.region;
  return typeof region === 'function' ? await (region as () => Promise<string>)() : String(region);
}
