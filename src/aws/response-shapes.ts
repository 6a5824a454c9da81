import { AwsCallError } from './errors.js';
import { bool, bytes, checkShape, date, describeMismatch, json, list, map, nullable, num, obj, req, str, type Fields } from './shape.js';
import type { AwsCall } from './transport.js';

// The shape of every response the datums read, keyed by service:Operation: the members they use, with their types.
// AwsReader checks each answer against its entry (live and snapshot replay alike), so a wrong-shaped answer is an
// ERROR naming the call, never a FAIL or PASS judged on a misread value. Members not listed are not checked.
// req(x) = AWS always sends it (the datum cannot do without it); a bare shape = optional, but typed when present.
// Adding an operation: one line, e.g. 'rds:DescribeDBInstances': { DBInstances: req(list(obj({ StorageEncrypted: bool }))), Marker: str },

const NEXT_TOKEN = { NextToken: str };
const IAM_PAGE = { Marker: str, IsTruncated: bool };
const PUBLIC_ACCESS_BLOCK = obj({ BlockPublicAcls: bool, IgnorePublicAcls: bool, BlockPublicPolicy: bool, RestrictPublicBuckets: bool });
const PEERING_SIDE = obj({ OwnerId: str, VpcId: str, Region: str, CidrBlock: str, CidrBlockSet: list(obj({ CidrBlock: str })), Ipv6CidrBlockSet: list(obj({ Ipv6CidrBlock: str })) });
const ALARM_METRIC = { Namespace: str, MetricName: str, Dimensions: list(json) };

export const RESPONSE_SHAPES: Record<string, Fields> = {
  'sts:GetCallerIdentity': { Account: req(str), Arn: str },
  'ec2:DescribeRegions': { Regions: req(list(obj({ RegionName: str }))) },

  'iam:GenerateCredentialReport': { State: str },
  'iam:GetCredentialReport': { Content: req(bytes), GeneratedTime: date },
  'iam:GetAccountSummary': { SummaryMap: req(map(num)) },
  'iam:GetAccountPasswordPolicy': {
    PasswordPolicy: req(obj({
      MinimumPasswordLength: num, RequireSymbols: bool, RequireNumbers: bool, RequireUppercaseCharacters: bool,
      RequireLowercaseCharacters: bool, AllowUsersToChangePassword: bool, ExpirePasswords: bool, MaxPasswordAge: num,
      PasswordReusePrevention: num, HardExpiry: bool,
    })),
  },
  'iam:ListVirtualMFADevices': { VirtualMFADevices: req(list(obj({ SerialNumber: req(str), User: obj({ Arn: str, UserName: str }) }))), ...IAM_PAGE },
  'iam:GetAccountAuthorizationDetails': {
    UserDetailList: list(obj({
      UserName: str, Arn: str, AttachedManagedPolicies: list(obj({ PolicyName: str, PolicyArn: str })),
      UserPolicyList: list(obj({ PolicyName: str })), GroupList: list(str),
    })),
    Policies: list(obj({
      PolicyName: str, Arn: str, AttachmentCount: num, DefaultVersionId: str,
      PolicyVersionList: list(obj({ VersionId: str, IsDefaultVersion: bool, Document: json })),
    })),
    ...IAM_PAGE,
  },
  'iam:ListEntitiesForPolicy': { PolicyRoles: req(list(obj({ RoleName: req(str), RoleId: str }))), PolicyUsers: list(obj({ UserName: req(str) })), PolicyGroups: list(obj({ GroupName: req(str) })), ...IAM_PAGE },

  'cloudtrail:DescribeTrails': {
    trailList: req(list(obj({
      Name: str, TrailARN: str, HomeRegion: str, IsMultiRegionTrail: bool, IsOrganizationTrail: bool, S3BucketName: str,
      LogFileValidationEnabled: bool, CloudWatchLogsLogGroupArn: str, CloudWatchLogsRoleArn: str, KmsKeyId: str,
    }))),
  },
  'cloudtrail:GetTrailStatus': {
    IsLogging: req(bool), LatestCloudWatchLogsDeliveryTime: date, LatestCloudWatchLogsDeliveryError: str,
    LatestDeliveryTime: date, LatestDeliveryError: str,
  },
  'cloudtrail:GetEventSelectors': {
    EventSelectors: list(obj({
      ReadWriteType: str, IncludeManagementEvents: bool, ExcludeManagementEventSources: list(str),
      DataResources: list(obj({ Type: str, Values: list(str) })),
    })),
    AdvancedEventSelectors: list(obj({
      Name: str,
      FieldSelectors: req(list(obj({
        Field: req(str), Equals: list(str), NotEquals: list(str), StartsWith: list(str), NotStartsWith: list(str),
        EndsWith: list(str), NotEndsWith: list(str),
      }))),
    })),
  },

  'logs:DescribeMetricFilters': {
    metricFilters: req(list(obj({ filterName: str, filterPattern: str, metricTransformations: list(obj({ metricName: str, metricNamespace: str })) }))),
    nextToken: str,
  },
  'cloudwatch:DescribeAlarms': {
    MetricAlarms: req(list(obj({
      AlarmName: str, AlarmArn: str, ActionsEnabled: bool, AlarmActions: list(str), ...ALARM_METRIC,
      Metrics: list(obj({ MetricStat: obj({ Metric: obj(ALARM_METRIC) }) })),
    }))),
    ...NEXT_TOKEN,
  },
  'sns:ListSubscriptionsByTopic': { Subscriptions: req(list(obj({ SubscriptionArn: str, Protocol: str, Endpoint: str }))), ...NEXT_TOKEN },

  'config:DescribeConfigurationRecorders': {
    ConfigurationRecorders: list(obj({
      name: str, arn: str, servicePrincipal: str,
      recordingGroup: obj({ allSupported: bool, includeGlobalResourceTypes: bool, resourceTypes: list(str), recordingStrategy: obj({ useOnly: str }) }),
    })),
  },
  'config:DescribeConfigurationRecorderStatus': {
    ConfigurationRecordersStatus: list(obj({ name: str, recording: bool, lastStatus: str, lastErrorCode: str, lastErrorMessage: str })),
  },
  'config:DescribeDeliveryChannels': { DeliveryChannels: list(obj({ name: str, s3BucketName: str })) },

  'ec2:DescribeVpcs': { Vpcs: req(list(obj({ VpcId: str, OwnerId: str, IsDefault: bool, CidrBlock: str }))), ...NEXT_TOKEN },
  'ec2:DescribeFlowLogs': {
    FlowLogs: req(list(obj({
      FlowLogId: str, ResourceId: str, FlowLogStatus: str, TrafficType: str, DeliverLogsStatus: str,
      DeliverLogsErrorMessage: str, LogDestinationType: str, LogDestination: str, LogGroupName: str,
    }))),
    ...NEXT_TOKEN,
  },
  'ec2:DescribeSecurityGroups': { SecurityGroups: req(list(obj({ GroupId: str, GroupName: str, OwnerId: str, VpcId: str }))), ...NEXT_TOKEN },
  'ec2:DescribeSecurityGroupRules': {
    SecurityGroupRules: req(list(obj({
      SecurityGroupRuleId: str, GroupId: str, GroupOwnerId: str, IsEgress: bool, IpProtocol: str, FromPort: num, ToPort: num,
      CidrIpv4: str, CidrIpv6: str, PrefixListId: str, Description: str,
      ReferencedGroupInfo: obj({ GroupId: str, UserId: str, VpcId: str, VpcPeeringConnectionId: str }),
    }))),
    ...NEXT_TOKEN,
  },

  'kms:ListKeys': { Keys: req(list(obj({ KeyId: str, KeyArn: str }))), NextMarker: str, Truncated: bool },
  'kms:DescribeKey': {
    KeyMetadata: req(obj({
      KeyId: str, KeyState: str, KeyManager: str, KeySpec: str, CustomerMasterKeySpec: str, Origin: str, Description: str,
      MultiRegion: bool,
    })),
  },
  'kms:GetKeyRotationStatus': { KeyRotationEnabled: req(bool) },

  's3:GetBucketLocation': { LocationConstraint: nullable(str) },
  's3:GetBucketAcl': {
    Owner: obj({ ID: str }),
    Grants: req(list(obj({ Grantee: obj({ Type: str, URI: str, ID: str, EmailAddress: str }), Permission: str }))),
  },
  's3:GetBucketPolicyStatus': { PolicyStatus: req(obj({ IsPublic: bool })) },
  's3:GetPublicAccessBlock': { PublicAccessBlockConfiguration: PUBLIC_ACCESS_BLOCK },
  's3:GetBucketLogging': { LoggingEnabled: obj({ TargetBucket: str, TargetPrefix: str }) },
  's3control:GetPublicAccessBlock': { PublicAccessBlockConfiguration: PUBLIC_ACCESS_BLOCK },

  // Networking and instances (CIS 1.4.0+)
  'ec2:DescribeNetworkAcls': {
    NetworkAcls: req(list(obj({
      NetworkAclId: str, OwnerId: str, VpcId: str, IsDefault: bool, Associations: list(obj({ SubnetId: str })),
      Entries: list(obj({ RuleNumber: num, Egress: bool, RuleAction: str, Protocol: str, CidrBlock: str, Ipv6CidrBlock: str, PortRange: obj({ From: num, To: num }) })),
    }))),
    ...NEXT_TOKEN,
  },
  'ec2:DescribeInstances': {
    Reservations: req(list(obj({
      Instances: list(obj({
        InstanceId: str, VpcId: str, State: obj({ Name: str }), Tags: list(obj({ Key: str, Value: str })),
        MetadataOptions: obj({ HttpTokens: str, HttpEndpoint: str, State: str }), IamInstanceProfile: obj({ Arn: str }),
      })),
    }))),
    ...NEXT_TOKEN,
  },
  'ec2:DescribeVpcPeeringConnections': {
    VpcPeeringConnections: req(list(obj({ VpcPeeringConnectionId: str, Status: obj({ Code: str }), RequesterVpcInfo: PEERING_SIDE, AccepterVpcInfo: PEERING_SIDE }))),
    ...NEXT_TOKEN,
  },
  'ec2:DescribeRouteTables': {
    RouteTables: req(list(obj({
      RouteTableId: str, OwnerId: str, VpcId: str,
      Routes: list(obj({ DestinationCidrBlock: str, DestinationIpv6CidrBlock: str, DestinationPrefixListId: str, VpcPeeringConnectionId: str, GatewayId: str, State: str })),
    }))),
    ...NEXT_TOKEN,
  },
  'ec2:DescribeVpcEndpoints': {
    VpcEndpoints: req(list(obj({ VpcEndpointId: str, VpcId: str, VpcEndpointType: str, ServiceName: str, State: str, RouteTableIds: list(str), SubnetIds: list(str) }))),
    ...NEXT_TOKEN,
  },
  // Storage (CIS 1.4.0+)
  'ec2:GetEbsEncryptionByDefault': { EbsEncryptionByDefault: req(bool) },
  'ec2:GetEbsDefaultKmsKeyId': { KmsKeyId: str },
  's3:ListBuckets': { Buckets: req(list(obj({ Name: req(str), BucketRegion: str, CreationDate: date }))), ContinuationToken: str },
  's3:GetBucketPolicy': { Policy: req(json) },
  's3:GetBucketVersioning': { Status: str, MFADelete: str },
  // Read by fix 2.1 while planning (a lifecycle configuration is never replaced).
  's3:GetBucketLifecycleConfiguration': { Rules: list(obj({ ID: str, Status: str })) },
  's3:GetBucketEncryption': {
    ServerSideEncryptionConfiguration: req(obj({ Rules: req(list(obj({ ApplyServerSideEncryptionByDefault: obj({ SSEAlgorithm: str, KMSMasterKeyID: str }), BucketKeyEnabled: bool }))) })),
  },
  'rds:DescribeDBInstances': {
    DBInstances: req(list(obj({
      DBInstanceIdentifier: str, DBInstanceArn: str, Engine: str, DBClusterIdentifier: str, StorageEncrypted: bool, KmsKeyId: str,
      AutoMinorVersionUpgrade: bool, PubliclyAccessible: bool, MultiAZ: bool, AvailabilityZone: str, DBInstanceStatus: str,
    }))),
    Marker: str,
  },
  'rds:DescribeDBClusters': {
    DBClusters: req(list(obj({ DBClusterIdentifier: str, DBClusterArn: str, Engine: str, MultiAZ: bool, AvailabilityZones: list(str), DBClusterMembers: list(obj({ DBInstanceIdentifier: str })) }))),
    Marker: str,
  },
  'efs:DescribeFileSystems': { FileSystems: req(list(obj({ FileSystemId: str, FileSystemArn: str, Name: str, Encrypted: bool, KmsKeyId: str }))), NextMarker: str },
  'macie2:GetMacieSession': { status: req(str) },
  'macie2:ListClassificationJobs': { items: list(obj({ jobId: str, name: str, jobStatus: str })), nextToken: str },
  'macie2:GetAutomatedDiscoveryConfiguration': { status: str },

  // Identity, account and organization (CIS 1.4.0+)
  'iam:ListServerCertificates': { ServerCertificateMetadataList: req(list(obj({ ServerCertificateName: str, Arn: str, Expiration: date }))), ...IAM_PAGE },
  'iam:ListPolicies': { Policies: req(list(obj({ PolicyName: str, Arn: str, DefaultVersionId: str, AttachmentCount: num }))), ...IAM_PAGE },
  'iam:GetPolicyVersion': { PolicyVersion: req(obj({ Document: req(json) })) },
  'iam:ListSAMLProviders': { SAMLProviderList: req(list(obj({ Arn: str }))) },
  'iam:ListOpenIDConnectProviders': { OpenIDConnectProviderList: req(list(obj({ Arn: str }))) },
  'iam:ListOrganizationsFeatures': { OrganizationId: str, EnabledFeatures: req(list(str)) },
  'accessanalyzer:ListAnalyzers': { analyzers: req(list(obj({ name: str, arn: str, type: str, status: str }))), nextToken: str },
  'account:GetAlternateContact': { AlternateContact: req(obj({ Name: str, Title: str, EmailAddress: str, PhoneNumber: str })) },
  'account:GetContactInformation': { ContactInformation: req(obj({ FullName: str, CompanyName: str, City: str, CountryCode: str, PhoneNumber: str, AddressLine1: str })) },
  'organizations:DescribeOrganization': { Organization: req(obj({ Id: req(str), MasterAccountId: req(str), FeatureSet: str })) },
  'organizations:ListPolicies': { Policies: req(list(obj({ Id: str, Name: str, AwsManaged: bool }))), ...NEXT_TOKEN },
  'organizations:ListTargetsForPolicy': { Targets: req(list(obj({ TargetId: str, Name: str, Type: str }))), ...NEXT_TOKEN },
  'organizations:ListDelegatedAdministrators': { DelegatedAdministrators: req(list(obj({ Id: str, Name: str }))), ...NEXT_TOKEN },
  'organizations:ListDelegatedServicesForAccount': { DelegatedServices: req(list(obj({ ServicePrincipal: str }))), ...NEXT_TOKEN },
  'organizations:DescribeResourcePolicy': { ResourcePolicy: obj({ Content: str }) },
  'organizations:ListRoots': { Roots: req(list(obj({ Id: str }))), ...NEXT_TOKEN },
  'organizations:ListOrganizationalUnitsForParent': { OrganizationalUnits: req(list(obj({ Id: str, Name: str }))), ...NEXT_TOKEN },
  'sns:ListTopics': { Topics: req(list(obj({ TopicArn: str }))), ...NEXT_TOKEN },
  'sns:GetTopicAttributes': { Attributes: req(obj({ Policy: json })) },
  'kms:GetKeyPolicy': { Policy: json },
  'securityhub:DescribeHub': { HubArn: req(str), SubscribedAt: str, AutoEnableControls: bool },
  'cloudfront:ListDistributions': {
    DistributionList: req(obj({ Items: list(obj({ Id: req(str), ARN: str, DomainName: str })), IsTruncated: bool, NextMarker: str })),
  },
  'cloudfront:GetDistributionConfig': { DistributionConfig: req(obj({ Logging: obj({ Enabled: bool, Bucket: str, Prefix: str }) })) },
  'elbv2:DescribeLoadBalancers': { LoadBalancers: req(list(obj({ LoadBalancerArn: req(str), LoadBalancerName: str, Type: str, Scheme: str }))), NextMarker: str },
  'elbv2:DescribeLoadBalancerAttributes': { Attributes: req(list(obj({ Key: str, Value: str }))) },
};

/** Throws AwsCallError UnexpectedResponse when an answer does not have the shape its readers rely on. */
export function checkResponse(call: Pick<AwsCall, 'service' | 'region' | 'operation'>, output: Record<string, unknown>): void {
  const fields = RESPONSE_SHAPES[`${call.service}:${call.operation}`];
  if (!fields) return;
  const mismatch = checkShape(obj(fields), output);
  if (mismatch) throw new AwsCallError(call, 'UnexpectedResponse', describeMismatch(mismatch));
}
