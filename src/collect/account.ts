import type { AwsReader } from '../aws/reader.js';

export interface Identity {
  account: string;
  partition: string;
  arn: string;
}

/** Who we are: the account id and partition every resource ARN is built from. */
export async function callerIdentity(aws: AwsReader, homeRegion: string): Promise<Identity> {
  const out = await aws.call<{ Account?: string; Arn?: string }>('sts', homeRegion, 'GetCallerIdentity', {});
  const partition = out.Arn?.split(':')[1] || 'aws';
  return { account: out.Account ?? '', partition, arn: out.Arn ?? '' };
}

/** The regions enabled for the account (DescribeRegions without AllRegions lists only those). */
export async function enabledRegions(aws: AwsReader, homeRegion: string): Promise<string[]> {
  const out = await aws.call<{ Regions?: Array<{ RegionName?: string }> }>('ec2', homeRegion, 'DescribeRegions', {});
  return (out.Regions ?? []).map((r) => r.RegionName ?? '').filter(Boolean).sort();
}

export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;
