import type { FakeAlarm, FakeMetricFilter, FakeMonitoring } from './monitoring.js';

// The demo account's monitoring state (see demo-account.ts for the story): the security team deployed the CIS
// filters on the acme-audit log group by hand over the years, so the texts vary and a few links are broken.
const REGION = 'us-east-1';
const LOG_GROUP = 'aws-cloudtrail-logs-acme-audit';
const NAMESPACE = 'CISBenchmark';

export function demoMonitoring(account: string): FakeMonitoring {
  const alerts = `arn:aws:sns:${REGION}:${account}:security-alerts`;
  const configWatch = `arn:aws:sns:${REGION}:${account}:config-watch`;
  const filter = (filterName: string, metricName: string, filterPattern: string): FakeMetricFilter => ({
    region: REGION, logGroupName: LOG_GROUP, filterName, filterPattern, metric: { namespace: NAMESPACE, name: metricName },
  });
  const alarm = (metricName: string, topic = alerts, extra: Partial<FakeAlarm> = {}): FakeAlarm => ({
    region: REGION, AlarmName: `cis-${metricName}`, Namespace: NAMESPACE, MetricName: metricName, ActionsEnabled: true, AlarmActions: [topic], ...extra,
  });
  return {
    metricFilters: [
      // Operands reordered, one value unquoted: equivalent to the CIS text (PASS), not the exact string.
      filter('unauthorized-api-calls', 'UnauthorizedAPICalls', '{ ($.errorCode = "AccessDenied*") || ($.errorCode = *UnauthorizedOperation) }'),
      // Security Hub's four-clause CloudWatch.3 form.
      filter('console-signin-without-mfa', 'ConsoleSigninWithoutMFA',
        '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }'),
      filter('root-account-usage', 'RootAccountUsage', '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}'),
      // The compact, space-free form.
      filter('iam-policy-changes', 'IAMPolicyChanges',
        '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}'),
      filter('cloudtrail-config-changes', 'CloudTrailConfigChanges',
        '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }'),
      filter('console-auth-failures', 'ConsoleAuthFailures', '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'),
      filter('cmk-disable-or-deletion', 'DisableOrDeleteCMK',
        '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }'),
      // Written before anyone cared about CORS: PutBucketCors is missing (FAIL naming it).
      filter('s3-bucket-policy-changes', 'S3BucketPolicyChanges',
        '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }'),
      filter('config-changes', 'AWSConfigChanges',
        '{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }'),
      filter('security-group-changes', 'SecurityGroupChanges',
        '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }'),
      // No NACL filter at all.
      filter('network-gateway-changes', 'NetworkGatewayChanges',
        '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }'),
      filter('route-table-changes', 'RouteTableChanges',
        '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }'),
      filter('vpc-changes', 'VPCChanges',
        '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }'),
      // Added when the account joined the organisation (CIS v1.4.0+ 4.15), with the CIS text.
      filter('organizations-changes', 'OrganizationsChanges',
        '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }'),
      // An application's plain-text filter on the same log group: not a JSON pattern, so never a candidate.
      { region: REGION, logGroupName: LOG_GROUP, filterName: 'throttling-errors', filterPattern: '"ThrottlingException"', metric: { namespace: 'Acme/Ops', name: 'Throttles' } },
    ],
    alarms: [
      alarm('UnauthorizedAPICalls'),
      alarm('ConsoleSigninWithoutMFA'),
      alarm('RootAccountUsage'),
      alarm('IAMPolicyChanges'),
      alarm('CloudTrailConfigChanges'),
      alarm('ConsoleAuthFailures'),
      // Muted during a key migration and never switched back on.
      alarm('DisableOrDeleteCMK', alerts, { ActionsEnabled: false }),
      alarm('S3BucketPolicyChanges'),
      // The Config team's own topic: its only subscriber never clicked the confirmation link.
      alarm('AWSConfigChanges', configWatch),
      alarm('SecurityGroupChanges'),
      alarm('NetworkGatewayChanges'),
      // A metric-math alarm: counts because one of its metrics is the filter's metric.
      {
        region: REGION, AlarmName: 'cis-RouteTableChanges', ActionsEnabled: true, AlarmActions: [alerts],
        Metrics: [
          { Id: 'm1', ReturnData: false, MetricStat: { Metric: { Namespace: NAMESPACE, MetricName: 'RouteTableChanges', Dimensions: [] }, Period: 300, Stat: 'Sum' } },
          { Id: 'e1', Expression: 'FILL(m1, 0)', Label: 'route table changes', ReturnData: true },
        ],
      },
      alarm('VPCChanges'),
      alarm('OrganizationsChanges'),
      { region: REGION, AlarmName: 'throttling-spike', Namespace: 'Acme/Ops', MetricName: 'Throttles', ActionsEnabled: true, AlarmActions: [`arn:aws:sns:${REGION}:${account}:ops-oncall`] },
    ],
    topics: [
      { arn: alerts, subscriptions: [{ Protocol: 'email', Endpoint: 'secops@acme-analytics.example', confirmed: true }] },
      { arn: configWatch, subscriptions: [{ Protocol: 'email', Endpoint: 'config-team@acme-analytics.example', confirmed: false }] },
      { arn: `arn:aws:sns:${REGION}:${account}:ops-oncall`, subscriptions: [{ Protocol: 'https', Endpoint: 'https://events.pagerduty.example/integration/acme/enqueue', confirmed: true }] },
    ],
  };
}
