import { AwsCallError } from '../../src/aws/errors.js';
import { page, type FakeAws } from './fake-aws.js';

// Security Hub per region, CloudFront distributions and ELBv2 load balancers, answered as the AWS APIs do.
export interface FakeDistribution {
  Id: string;
  DomainName: string;
  /** DistributionConfig.Logging (standard logging to S3); absent: logging disabled. */
  logging?: { Bucket: string; Prefix?: string; IncludeCookies?: boolean };
  /** GetDistributionConfig answers AccessDenied for this one (e.g. a resource-tag condition). */
  unreadable?: boolean;
}

export interface FakeLoadBalancer {
  name: string;
  region: string;
  Type: 'application' | 'network' | 'gateway';
  Scheme?: 'internet-facing' | 'internal';
  /** access_logs.s3.* attributes; absent: access logging disabled. */
  accessLogs?: { bucket: string; prefix?: string };
}

export interface FakeFrontendsAndHub {
  /** Regions where the account subscribed to Security Hub, with the subscription time. */
  securityHub: Record<string, { SubscribedAt: string; EnableDefaultStandards?: boolean; Tags?: Record<string, string> }>;
  distributions: FakeDistribution[];
  loadBalancers: FakeLoadBalancer[];
  /** Largest page the fake returns (default 100). */
  pageSize?: number;
}

export function serveFrontendsAndHub(aws: FakeAws, account: string, model: FakeFrontendsAndHub): void {
  aws.on('securityhub', 'DescribeHub', (_input, region) => {
    const hub = model.securityHub[region];
    if (!hub) {
      throw new AwsCallError({ service: 'securityhub', operation: 'DescribeHub', region }, 'InvalidAccessException',
        `Account ${account} is not subscribed to AWS Security Hub`);
    }
    return { HubArn: `arn:aws:securityhub:${region}:${account}:hub/default`, SubscribedAt: hub.SubscribedAt, AutoEnableControls: true, ControlFindingGenerator: 'SECURITY_CONTROL' };
  });

  // EnableSecurityHub / DisableSecurityHub (fix and undo of the Security Hub control).
  aws.on('securityhub', 'EnableSecurityHub', (input, region) => {
    if (model.securityHub[region]) throw new AwsCallError({ service: 'securityhub', operation: 'EnableSecurityHub', region }, 'ResourceConflictException', `Account ${account} is already subscribed to Security Hub`);
    model.securityHub[region] = { SubscribedAt: '2026-12-02T04:00:00.000Z', EnableDefaultStandards: input.EnableDefaultStandards !== false, ...(input.Tags ? { Tags: input.Tags } : {}) };
    return {};
  });
  aws.on('securityhub', 'DisableSecurityHub', (_input, region) => {
    if (!model.securityHub[region]) throw new AwsCallError({ service: 'securityhub', operation: 'DisableSecurityHub', region }, 'InvalidAccessException', `Account ${account} is not subscribed to AWS Security Hub`);
    delete model.securityHub[region];
    return {};
  });

  const size = model.pageSize ?? 100;
  aws.on('cloudfront', 'ListDistributions', (input) => {
    const start = input.Marker ? Number(String(input.Marker).replace(/^t/, '')) : 0;
    const items = model.distributions.slice(start, start + size);
    const more = start + size < model.distributions.length;
    return {
      DistributionList: {
        Marker: input.Marker ?? '', MaxItems: size, IsTruncated: more, Quantity: items.length,
        ...(more ? { NextMarker: `t${start + size}` } : {}),
        Items: items.map((d) => ({ Id: d.Id, ARN: `arn:aws:cloudfront::${account}:distribution/${d.Id}`, DomainName: d.DomainName, Status: 'Deployed', Enabled: true })),
      },
    };
  });
  aws.on('cloudfront', 'GetDistributionConfig', (input, region) => {
    const d = model.distributions.find((x) => x.Id === input.Id);
    if (!d) throw new AwsCallError({ service: 'cloudfront', operation: 'GetDistributionConfig', region }, 'NoSuchDistribution', 'The specified distribution does not exist.');
    if (d.unreadable) throw new AwsCallError({ service: 'cloudfront', operation: 'GetDistributionConfig', region }, 'AccessDenied', 'User is not authorized to perform: cloudfront:GetDistributionConfig');
    return {
      ETag: 'E2QWRUHEXAMPLE',
      DistributionConfig: {
        CallerReference: `ref-${d.Id}`, Comment: '', Enabled: true,
        Logging: d.logging
          ? { Enabled: true, IncludeCookies: d.logging.IncludeCookies ?? false, Bucket: d.logging.Bucket, Prefix: d.logging.Prefix ?? '' }
          : { Enabled: false, IncludeCookies: false, Bucket: '', Prefix: '' },
      },
    };
  });

  const lbArn = (lb: FakeLoadBalancer) =>
    `arn:aws:elasticloadbalancing:${lb.region}:${account}:loadbalancer/${lb.Type === 'application' ? 'app' : lb.Type === 'network' ? 'net' : 'gwy'}/${lb.name}/50dc6c495c0c9188`;
  aws.on('elbv2', 'DescribeLoadBalancers', (input, region) => page(
    model.loadBalancers.filter((lb) => lb.region === region).map((lb) => ({
      LoadBalancerArn: lbArn(lb), LoadBalancerName: lb.name, Type: lb.Type, Scheme: lb.Scheme ?? 'internet-facing',
      DNSName: `${lb.name}-1234567890.${region}.elb.amazonaws.com`, State: { Code: 'active' },
    })),
    input, { size: Math.min(size, input.PageSize ?? 400), inToken: 'Marker', outToken: 'NextMarker', key: 'LoadBalancers' },
  ));
  aws.on('elbv2', 'DescribeLoadBalancerAttributes', (input, region) => {
    const lb = model.loadBalancers.find((x) => lbArn(x) === input.LoadBalancerArn && x.region === region);
    if (!lb) throw new AwsCallError({ service: 'elbv2', operation: 'DescribeLoadBalancerAttributes', region }, 'LoadBalancerNotFound', 'One or more load balancers not found');
    return {
      Attributes: [
        { Key: 'access_logs.s3.enabled', Value: lb.accessLogs ? 'true' : 'false' },
        { Key: 'access_logs.s3.bucket', Value: lb.accessLogs?.bucket ?? '' },
        { Key: 'access_logs.s3.prefix', Value: lb.accessLogs?.prefix ?? '' },
        { Key: 'deletion_protection.enabled', Value: 'false' },
      ],
    };
  });
}
