import { AccessAnalyzerClient } from '@aws-sdk/client-accessanalyzer';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { EC2Client } from '@aws-sdk/client-ec2';
import { EFSClient } from '@aws-sdk/client-efs';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { RDSClient } from '@aws-sdk/client-rds';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { SNSClient } from '@aws-sdk/client-sns';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import { AwsCallError } from '../../src/aws/errors.js';
import type { ServiceName } from '../../src/aws/services.js';
import type { FakeAws } from '../fake-aws/fake-aws.js';

// Puts a FakeAws account behind the real SDK clients (aws-sdk-client-mock stubs each client's send),
// so command tests run the whole live code path: LiveTransport, SDK commands, error normalisation.
const CLIENTS: Array<[ServiceName, any]> = [
  ['sts', STSClient], ['iam', IAMClient], ['ec2', EC2Client], ['cloudtrail', CloudTrailClient],
  ['logs', CloudWatchLogsClient], ['cloudwatch', CloudWatchClient], ['sns', SNSClient], ['s3', S3Client],
  ['s3control', S3ControlClient], ['kms', KMSClient], ['config', ConfigServiceClient],
  ['rds', RDSClient],
  ['accessanalyzer', AccessAnalyzerClient], ['securityhub', SecurityHubClient], ['efs', EFSClient],
];

export interface SdkCall {
  service: ServiceName;
  region: string;
  operation: string;
  input: Record<string, unknown>;
}

export function bridgeSdkTo(fake: FakeAws): { calls: SdkCall[]; restore(): void } {
  const calls: SdkCall[] = [];
  const stubs: AwsStub<any, any, any>[] = [];
  for (const [service, Client] of CLIENTS) {
    const stub = mockClient(Client);
    stubs.push(stub);
    stub.send.callsFake(async function (this: { config: { region: () => Promise<string> } }, command: any) {
      const region = await this.config.region();
      const operation = String(command.constructor.name).replace(/Command$/, '');
      const call = { service, region, operation, input: command.input as Record<string, unknown> };
      calls.push(call);
      try {
        return { ...(await fake.send(call)), $metadata: { httpStatusCode: 200 } };
      } catch (err) {
        if (err instanceof AwsCallError) throw Object.assign(new Error(err.message), { name: err.code, $fault: 'client' });
        throw err;
      }
    });
  }
  return { calls, restore: () => stubs.forEach((s) => s.restore()) };
}
