// Shared helpers for collector tests: the real AwsReader and LiveTransport over SDK clients mocked with
// aws-sdk-client-mock (mocks intercept `send` on the client classes, so nothing reaches the network or looks up
// credentials), and a Collector with a fixed account.
import { EC2Client } from '@aws-sdk/client-ec2';
import { IAMClient, IAMServiceException } from '@aws-sdk/client-iam';
import { STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { LiveTransport } from '../../src/aws/live-transport.js';
import { AwsReader, type ReaderOptions } from '../../src/aws/reader.js';
import { Collector } from '../../src/collect/collector.js';

export const ACCOUNT = '111122223333';
export const PARTITION = 'aws';
export const HOME_REGION = 'us-east-1';
export const CALLER_ARN = `arn:aws:iam::${ACCOUNT}:user/auditor`;

const DUMMY_ENV: Record<string, string> = {
  AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  AWS_EC2_METADATA_DISABLED: 'true',
};
const CLEARED_ENV = ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL'];

/**
 * Mocks the IAM, STS and EC2 clients for the calling test file, sets dummy credentials for its duration, and resets
 * every mock (behaviours and call history) after each test. Call once at the top level of a test file.
 */
export function mockAws() {
  const iam = mockClient(IAMClient);
  const sts = mockClient(STSClient);
  const ec2 = mockClient(EC2Client);
  const saved: Record<string, string | undefined> = {};

  beforeAll(() => {
    for (const k of [...Object.keys(DUMMY_ENV), ...CLEARED_ENV]) saved[k] = process.env[k];
    Object.assign(process.env, DUMMY_ENV);
    for (const k of CLEARED_ENV) delete process.env[k];
  });
  afterEach(() => {
    iam.reset();
    sts.reset();
    ec2.reset();
  });
  afterAll(() => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    iam.restore();
    sts.restore();
    ec2.restore();
  });
  return { iam, sts, ec2 };
}

/** The production reader over the production live transport (whose clients the mocks intercept). */
export function makeReader(options: ReaderOptions = {}): AwsReader {
  return new AwsReader(new LiveTransport({}), options);
}

export interface CollectorOptions {
  regions?: string[];
  reader?: AwsReader;
  /** Records every sleep asked for (the collector never really waits in tests). */
  sleeps?: number[];
  /** Default `aws` (with home region us-east-1). */
  partition?: string;
  homeRegion?: string;
}

export function makeCollector(opts: CollectorOptions = {}): Collector {
  const reader = opts.reader ?? makeReader();
  const sleeps = opts.sleeps;
  const home = opts.homeRegion ?? HOME_REGION;
  return new Collector(reader, ACCOUNT, opts.partition ?? PARTITION, home, opts.regions ?? [home], async (ms) => {
    sleeps?.push(ms);
  });
}

/** An error shaped like the SDK's for an unmodelled AWS error code (e.g. AccessDenied on an IAM query API). */
export function iamError(code: string, message = `User: ${CALLER_ARN} is not authorized to perform this action`): IAMServiceException {
  const err = new IAMServiceException({ name: code, $fault: 'client', $metadata: { httpStatusCode: 403 }, message });
  return Object.assign(err, { Code: code, Type: 'Sender' });
}

/** A generic error with the given name, as non-service failures (credential providers, networking) throw. */
export function namedError(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

/** The input of every call of a command made on a mocked client. */
export function inputsOf<I>(calls: Array<{ args: [{ input: I }] }>): I[] {
  return calls.map((c) => c.args[0].input);
}
