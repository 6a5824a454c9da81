import type { Got } from '../model/got.js';
import { defineDatum, defineRegionalDatum, settle } from './datum.js';
import { paginate } from './paginate.js';

// AWS-managed web front ends and their access logging: CloudFront distributions (global) and ELBv2 load balancers
// (per region). One setting per resource; a resource whose setting cannot be read keeps its own error.

export interface AccessLogging {
  enabled: boolean;
  bucket?: string;
  prefix?: string;
}

export interface Distribution {
  id: string;
  arn: string;
  domainName: string;
  /** DistributionConfig.Logging: standard logging to S3 (logging v2 to CloudWatch Logs/Firehose is not shown here). */
  logging: Got<AccessLogging>;
}

export interface LoadBalancer {
  arn: string;
  name: string;
  type: string;
  scheme?: string;
  /** access_logs.s3.* attributes. */
  accessLogs: Got<AccessLogging>;
}

type RawSummary = { Id?: string; ARN?: string; DomainName?: string };
type RawList = { Items?: RawSummary[]; IsTruncated?: boolean; NextMarker?: string };

export const cloudfrontDistributions = defineDatum<Distribution[]>({
  key: 'cloudfront.distributions',
  description: 'CloudFront distributions and their standard (S3) access logging',
  reads: ['cloudfront:ListDistributions', 'cloudfront:GetDistributionConfig'],
  async load(ctx) {
    // CloudFront is global; its list nests the page inside DistributionList, so paginate() does not fit.
    const summaries: RawSummary[] = [];
    const seen = new Set<string>();
    let marker: string | undefined;
    for (;;) {
      const out = await ctx.aws.call<{ DistributionList?: RawList }>('cloudfront', ctx.homeRegion, 'ListDistributions',
        marker === undefined ? {} : { Marker: marker }, marker === undefined ? undefined : 'page');
      const list = out.DistributionList;
      if (!list) throw new Error('ListDistributions returned no DistributionList');
      summaries.push(...(list.Items ?? []));
      if (list.IsTruncated !== true || !list.NextMarker) break;
      if (seen.has(list.NextMarker)) throw new Error('ListDistributions: the service returned the same marker twice');
      seen.add(list.NextMarker);
      marker = list.NextMarker;
    }
    return Promise.all(summaries.map(async (d): Promise<Distribution> => {
      const id = d.Id ?? '';
      const logging = await settle(async () => {
        const out = await ctx.aws.call<{ DistributionConfig?: { Logging?: { Enabled?: boolean; Bucket?: string; Prefix?: string } } }>(
          'cloudfront', ctx.homeRegion, 'GetDistributionConfig', { Id: id });
        const l = out.DistributionConfig?.Logging;
        if (!out.DistributionConfig) throw new Error('GetDistributionConfig returned no DistributionConfig');
        return { enabled: l?.Enabled === true, ...(l?.Bucket ? { bucket: l.Bucket } : {}), ...(l?.Prefix ? { prefix: l.Prefix } : {}) };
      }, `distribution ${id}`, ctx.homeRegion, ctx.unexpected);
      return { id, arn: d.ARN ?? `arn:${ctx.partition}:cloudfront::${ctx.account}:distribution/${id}`, domainName: d.DomainName ?? '', logging };
    }));
  },
});

type RawLoadBalancer = { LoadBalancerArn?: string; LoadBalancerName?: string; Type?: string; Scheme?: string };

export const loadBalancers = defineRegionalDatum<LoadBalancer[]>({
  key: 'elbv2.loadBalancers',
  description: 'Application, network and gateway load balancers and their access-log attributes in each region',
  reads: ['elasticloadbalancing:DescribeLoadBalancers', 'elasticloadbalancing:DescribeLoadBalancerAttributes'],
  async loadRegion(ctx, region) {
    const raw = await paginate<RawLoadBalancer>(ctx, 'elbv2', region, 'DescribeLoadBalancers', { PageSize: 400 },
      { inputToken: 'Marker', outputToken: 'NextMarker', items: 'LoadBalancers' });
    return Promise.all(raw.map(async (lb): Promise<LoadBalancer> => {
      const arn = lb.LoadBalancerArn ?? '';
      const accessLogs = await settle(async () => {
        const out = await ctx.aws.call<{ Attributes?: Array<{ Key?: string; Value?: string }> }>('elbv2', region, 'DescribeLoadBalancerAttributes', { LoadBalancerArn: arn });
        if (!Array.isArray(out.Attributes)) throw new Error('DescribeLoadBalancerAttributes returned no Attributes');
        const attr = (k: string) => out.Attributes!.find((a) => a.Key === k)?.Value;
        const bucket = attr('access_logs.s3.bucket');
        const prefix = attr('access_logs.s3.prefix');
        return { enabled: attr('access_logs.s3.enabled') === 'true', ...(bucket ? { bucket } : {}), ...(prefix ? { prefix } : {}) };
      }, `load balancer ${arn}`, region, ctx.unexpected);
      return { arn, name: lb.LoadBalancerName ?? arn, type: lb.Type ?? 'unknown', ...(lb.Scheme ? { scheme: lb.Scheme } : {}), accessLogs };
    }));
  },
});
