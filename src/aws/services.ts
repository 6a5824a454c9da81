// The AWS services cis-audit reads, and how to load each one's SDK v3 client lazily.
export const SERVICE_NAMES = [
  'sts', 'iam', 'ec2', 'cloudtrail', 'logs', 'cloudwatch', 'sns', 's3', 's3control', 'kms', 'config', 'securityhub',
  'rds', 'efs', 'macie2',
  'accessanalyzer', 'account', 'organizations',
  'cloudfront',
  'elbv2',
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

type SdkModule = Record<string, unknown>;

interface ServiceSpec {
  load: () => Promise<SdkModule>;
  clientClass: string;
}

export const SERVICES: Record<ServiceName, ServiceSpec> = {
  sts: { load: () => import('@aws-sdk/client-sts'), clientClass: 'STSClient' },
  iam: { load: () => import('@aws-sdk/client-iam'), clientClass: 'IAMClient' },
  ec2: { load: () => import('@aws-sdk/client-ec2'), clientClass: 'EC2Client' },
  cloudtrail: { load: () => import('@aws-sdk/client-cloudtrail'), clientClass: 'CloudTrailClient' },
  logs: { load: () => import('@aws-sdk/client-cloudwatch-logs'), clientClass: 'CloudWatchLogsClient' },
  cloudwatch: { load: () => import('@aws-sdk/client-cloudwatch'), clientClass: 'CloudWatchClient' },
  sns: { load: () => import('@aws-sdk/client-sns'), clientClass: 'SNSClient' },
  s3: { load: () => import('@aws-sdk/client-s3'), clientClass: 'S3Client' },
  s3control: { load: () => import('@aws-sdk/client-s3-control'), clientClass: 'S3ControlClient' },
  kms: { load: () => import('@aws-sdk/client-kms'), clientClass: 'KMSClient' },
  config: { load: () => import('@aws-sdk/client-config-service'), clientClass: 'ConfigServiceClient' },
  securityhub: { load: () => import('@aws-sdk/client-securityhub'), clientClass: 'SecurityHubClient' },
  rds: { load: () => import('@aws-sdk/client-rds'), clientClass: 'RDSClient' },
  efs: { load: () => import('@aws-sdk/client-efs'), clientClass: 'EFSClient' },
  macie2: { load: () => import('@aws-sdk/client-macie2'), clientClass: 'Macie2Client' },
  accessanalyzer: { load: () => import('@aws-sdk/client-accessanalyzer'), clientClass: 'AccessAnalyzerClient' },
  account: { load: () => import('@aws-sdk/client-account'), clientClass: 'AccountClient' },
  organizations: { load: () => import('@aws-sdk/client-organizations'), clientClass: 'OrganizationsClient' },
  cloudfront: { load: () => import('@aws-sdk/client-cloudfront'), clientClass: 'CloudFrontClient' },
  elbv2: { load: () => import('@aws-sdk/client-elastic-load-balancing-v2'), clientClass: 'ElasticLoadBalancingV2Client' },
};
