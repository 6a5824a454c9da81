// The default metric-filter patterns, keyed by event: the CIS v1.2.0 texts (and, for the Organizations event v1.2.0
// lacks, the one text every later version prints). Each benchmark mapping passes its own version's texts as the
// `monitoringPatterns` parameter (src/benchmark/monitoring-patterns.ts); control numbers belong to the mapping.

export type CisMonitoringEvent =
  | 'unauthorized-api-calls'
  | 'console-signin-without-mfa'
  | 'root-account-usage'
  | 'iam-policy-changes'
  | 'cloudtrail-config-changes'
  | 'console-auth-failures'
  | 'cmk-disable-or-deletion'
  | 's3-bucket-policy-changes'
  | 'config-changes'
  | 'security-group-changes'
  | 'nacl-changes'
  | 'network-gateway-changes'
  | 'route-table-changes'
  | 'vpc-changes'
  | 'organizations-changes';

export interface CisPatternSpec {
  title: string;
  /** accepted[0] is the v1.2.0 text verbatim (the fix creates it); later entries are other forms Security Hub prescribes. */
  accepted: string[];
}

export const CIS_MONITORING_PATTERNS: Readonly<Record<CisMonitoringEvent, Readonly<CisPatternSpec>>> = {
  'unauthorized-api-calls': {
    title: 'Unauthorized API calls',
    accepted: [
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    ],
  },
  'console-signin-without-mfa': {
    title: 'Management Console sign-in without MFA',
    accepted: [
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }',
      // Security Hub CloudWatch.3 documents this stricter, IAM-user-only form.
      '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }',
    ],
  },
  'root-account-usage': {
    title: 'Usage of the root account',
    accepted: [
      '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }',
    ],
  },
  'iam-policy-changes': {
    title: 'IAM policy changes',
    accepted: [
      '{($.eventName=DeleteGroupPolicy)||($.eventName=DeleteRolePolicy)||($.eventName=DeleteUserPolicy)||($.eventName=PutGroupPolicy)||($.eventName=PutRolePolicy)||($.eventName=PutUserPolicy)||($.eventName=CreatePolicy)||($.eventName=DeletePolicy)||($.eventName=CreatePolicyVersion)||($.eventName=DeletePolicyVersion)||($.eventName=AttachRolePolicy)||($.eventName=DetachRolePolicy)||($.eventName=AttachUserPolicy)||($.eventName=DetachUserPolicy)||($.eventName=AttachGroupPolicy)||($.eventName=DetachGroupPolicy)}',
    ],
  },
  'cloudtrail-config-changes': {
    title: 'CloudTrail configuration changes',
    accepted: [
      '{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }',
    ],
  },
  'console-auth-failures': {
    title: 'AWS Management Console authentication failures',
    accepted: [
      '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }',
    ],
  },
  'cmk-disable-or-deletion': {
    title: 'Disabling or scheduled deletion of customer created CMKs',
    accepted: [
      '{($.eventSource = kms.amazonaws.com) && (($.eventName=DisableKey)||($.eventName=ScheduleKeyDeletion)) }',
    ],
  },
  's3-bucket-policy-changes': {
    title: 'S3 bucket policy changes',
    accepted: [
      '{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }',
    ],
  },
  'config-changes': {
    title: 'AWS Config configuration changes',
    accepted: [
      '{ ($.eventSource = config.amazonaws.com) && (($.eventName=StopConfigurationRecorder)||($.eventName=DeleteDeliveryChannel)||($.eventName=PutDeliveryChannel)||($.eventName=PutConfigurationRecorder)) }',
    ],
  },
  'security-group-changes': {
    title: 'Security group changes',
    accepted: [
      '{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }',
    ],
  },
  'nacl-changes': {
    title: 'Changes to Network Access Control Lists (NACL)',
    accepted: [
      '{ ($.eventName = CreateNetworkAcl) || ($.eventName = CreateNetworkAclEntry) || ($.eventName = DeleteNetworkAcl) || ($.eventName = DeleteNetworkAclEntry) || ($.eventName = ReplaceNetworkAclEntry) || ($.eventName = ReplaceNetworkAclAssociation) }',
    ],
  },
  'network-gateway-changes': {
    title: 'Changes to network gateways',
    accepted: [
      '{ ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }',
    ],
  },
  'route-table-changes': {
    title: 'Route table changes',
    accepted: [
      '{ ($.eventName = CreateRoute) || ($.eventName = CreateRouteTable) || ($.eventName = ReplaceRoute) || ($.eventName = ReplaceRouteTableAssociation) || ($.eventName = DeleteRouteTable) || ($.eventName = DeleteRoute) || ($.eventName = DisassociateRouteTable) }',
    ],
  },
  'vpc-changes': {
    title: 'VPC changes',
    accepted: [
      '{ ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }',
    ],
  },
  'organizations-changes': {
    title: 'AWS Organizations changes',
    accepted: [
      // Not in v1.2.0: the text of v1.4.0 4.15 and every later version (cis-versions.md §6).
      '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }',
    ],
  },
};

export const CIS_MONITORING_EVENTS = Object.keys(CIS_MONITORING_PATTERNS) as readonly CisMonitoringEvent[];
