import type { AwsReader } from '../aws/reader.js';

export interface Identity {
  account: string;
  partition: string;
  arn: string;
}

/** Who we are: the account id and partition every resource ARN is built from. */
export async function callerIdentity(aws: AwsReader, homeRegion: string): Promise<Identity> {
  const out = await aws.call<{ Account?: string; Arn?: string }>('sts', homeRegion, 'GetCallerIdentity', {});
  // Every resource ARN is built from these: a scan of account "" would match nothing and pass wrongly.
  if (typeof out.Account !== 'string' || !/^\d{12}$/.test(out.Account)) {
    throw new Error(`sts:GetCallerIdentity returned no valid account id (${JSON.stringify(out.Account ?? null)})`);
  }
  const partition = out.Arn?.split(':')[1] || 'aws';
  return { account: out.Account, partition, arn: out.Arn ?? '' };
}

/** The regions enabled for the account (DescribeRegions without AllRegions lists only those). */
export async function enabledRegions(aws: AwsReader, homeRegion: string): Promise<string[]> {
  const out = await aws.call<{ Regions?: Array<{ RegionName?: string }> }>('ec2', homeRegion, 'DescribeRegions', {});
  const regions = (out.Regions ?? []).map((r) => r.RegionName ?? '').filter(Boolean).sort();
  // Zero regions would make every regional control NOT_APPLICABLE: an account always has at least one.
  if (regions.length === 0) throw new Error('ec2:DescribeRegions returned no regions');
  return regions;
}

export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d+$/;
