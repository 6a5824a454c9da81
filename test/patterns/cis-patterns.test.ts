import { describe, expect, it } from 'vitest';
import { CIS_MONITORING_PATTERNS, type CisMonitoringEvent } from '../../src/checks/monitoring/cis-patterns.js';
import { matchesEvent, parsePattern, patternsEquivalent, printPattern } from '../../src/patterns/index.js';
import {
  apiCall,
  consoleLogin,
  consoleLoginWithoutEventData,
  denied,
  rootConsoleAction,
  rootInvokedByService,
  rootServiceEvent,
} from './cloudtrail-events.js';
import { quotedForm } from './helpers.js';

const benignRead = apiCall('ec2.amazonaws.com', 'DescribeInstances', { readOnly: true });

const cases: Record<CisMonitoringEvent, { matches: object[]; ignores: object[] }> = {
  'unauthorized-api-calls': {
    matches: [
      denied('ec2.amazonaws.com', 'RunInstances', 'Client.UnauthorizedOperation', 'You are not authorized to perform this operation.'),
      denied('s3.amazonaws.com', 'GetObject', 'AccessDenied', 'Access Denied'),
      denied('iam.amazonaws.com', 'ListUsers', 'AccessDeniedException', 'User is not authorized to perform: iam:ListUsers'),
    ],
    ignores: [
      benignRead,
      denied('kms.amazonaws.com', 'Decrypt', 'ThrottlingException', 'Rate exceeded'),
      denied('ec2.amazonaws.com', 'RunInstances', 'UnauthorizedOperationPending', 'not a suffix match'),
    ],
  },
  'console-signin-without-mfa': {
    matches: [consoleLogin({ mfaUsed: 'No' })],
    ignores: [consoleLogin({ mfaUsed: 'Yes' }), consoleLoginWithoutEventData(), benignRead],
  },
  'root-account-usage': {
    matches: [rootConsoleAction(), rootConsoleAction('CreateUser')],
    ignores: [rootServiceEvent(), rootInvokedByService(), benignRead],
  },
  'iam-policy-changes': {
    matches: [apiCall('iam.amazonaws.com', 'PutUserPolicy'), apiCall('iam.amazonaws.com', 'DetachGroupPolicy')],
    ignores: [apiCall('iam.amazonaws.com', 'GetUserPolicy', { readOnly: true }), apiCall('iam.amazonaws.com', 'CreateUser')],
  },
  'cloudtrail-config-changes': {
    matches: [apiCall('cloudtrail.amazonaws.com', 'StopLogging'), apiCall('cloudtrail.amazonaws.com', 'UpdateTrail')],
    ignores: [apiCall('cloudtrail.amazonaws.com', 'DescribeTrails', { readOnly: true }), benignRead],
  },
  'console-auth-failures': {
    matches: [consoleLogin({ outcome: 'Failure', mfaUsed: 'No' })],
    ignores: [consoleLogin({ mfaUsed: 'No' }), denied('s3.amazonaws.com', 'GetObject', 'AccessDenied', 'Failed authentication')],
  },
  'cmk-disable-or-deletion': {
    matches: [apiCall('kms.amazonaws.com', 'DisableKey'), apiCall('kms.amazonaws.com', 'ScheduleKeyDeletion')],
    ignores: [apiCall('kms.amazonaws.com', 'Encrypt'), apiCall('cloudhsm.amazonaws.com', 'DisableKey')],
  },
  's3-bucket-policy-changes': {
    matches: [apiCall('s3.amazonaws.com', 'DeleteBucketPolicy'), apiCall('s3.amazonaws.com', 'PutBucketAcl')],
    ignores: [apiCall('ec2.amazonaws.com', 'DeleteBucketPolicy'), apiCall('s3.amazonaws.com', 'GetBucketPolicy', { readOnly: true })],
  },
  'config-changes': {
    matches: [apiCall('config.amazonaws.com', 'StopConfigurationRecorder'), apiCall('config.amazonaws.com', 'PutDeliveryChannel')],
    ignores: [apiCall('config.amazonaws.com', 'DescribeConfigRules', { readOnly: true }), apiCall('s3.amazonaws.com', 'PutDeliveryChannel')],
  },
  'security-group-changes': {
    matches: [apiCall('ec2.amazonaws.com', 'AuthorizeSecurityGroupIngress'), apiCall('ec2.amazonaws.com', 'DeleteSecurityGroup')],
    ignores: [apiCall('ec2.amazonaws.com', 'DescribeSecurityGroups', { readOnly: true }), benignRead],
  },
  'nacl-changes': {
    matches: [apiCall('ec2.amazonaws.com', 'CreateNetworkAclEntry'), apiCall('ec2.amazonaws.com', 'ReplaceNetworkAclAssociation')],
    ignores: [apiCall('ec2.amazonaws.com', 'DescribeNetworkAcls', { readOnly: true })],
  },
  'network-gateway-changes': {
    matches: [apiCall('ec2.amazonaws.com', 'AttachInternetGateway'), apiCall('ec2.amazonaws.com', 'CreateCustomerGateway')],
    ignores: [apiCall('ec2.amazonaws.com', 'CreateNatGateway'), benignRead],
  },
  'route-table-changes': {
    matches: [apiCall('ec2.amazonaws.com', 'CreateRoute'), apiCall('ec2.amazonaws.com', 'DisassociateRouteTable')],
    ignores: [apiCall('ec2.amazonaws.com', 'DescribeRouteTables', { readOnly: true })],
  },
  'vpc-changes': {
    matches: [apiCall('ec2.amazonaws.com', 'CreateVpc'), apiCall('ec2.amazonaws.com', 'EnableVpcClassicLink')],
    ignores: [apiCall('ec2.amazonaws.com', 'CreateSubnet'), benignRead],
  },
  'organizations-changes': {
    matches: [apiCall('organizations.amazonaws.com', 'CreateAccount'), apiCall('organizations.amazonaws.com', 'LeaveOrganization')],
    ignores: [apiCall('organizations.amazonaws.com', 'ListAccounts', { readOnly: true }), apiCall('iam.amazonaws.com', 'CreatePolicy')],
  },
};

describe('CIS v1.2.0 monitoring patterns', () => {
  it('covers exactly the fourteen v1.2.0 events and the Organizations event of v1.4.0+', () => {
    expect(Object.keys(CIS_MONITORING_PATTERNS).sort()).toEqual(Object.keys(cases).sort());
    expect(Object.keys(CIS_MONITORING_PATTERNS)).toHaveLength(15);
  });

  it('keeps the v1.2.0 text verbatim (Markdown escaping removed)', () => {
    expect(CIS_MONITORING_PATTERNS['unauthorized-api-calls'].accepted[0]).toBe(
      '{ ($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*") }',
    );
    expect(CIS_MONITORING_PATTERNS['iam-policy-changes'].accepted[0]).toMatch(/^\{\(\$\.eventName=DeleteGroupPolicy\)\|\|/);
    expect(CIS_MONITORING_PATTERNS['console-signin-without-mfa'].accepted).toHaveLength(2);
    for (const { accepted } of Object.values(CIS_MONITORING_PATTERNS)) {
      for (const text of accepted) expect(text).not.toContain('\\|');
    }
  });

  for (const [event, { matches, ignores }] of Object.entries(cases) as Array<[CisMonitoringEvent, (typeof cases)[CisMonitoringEvent]]>) {
    describe(event, () => {
      const accepted = CIS_MONITORING_PATTERNS[event].accepted;
      it.each(accepted.map((text, i) => [i, text]))('accepted[%i] parses and prints canonically', (_i, text) => {
        const pattern = parsePattern(text);
        expect(parsePattern(printPattern(pattern))).toEqual(quotedForm(pattern));
      });
      it('matches its own events under its default (v1.2.0) pattern', () => {
        const pattern = parsePattern(accepted[0]!);
        for (const record of matches) expect(matchesEvent(pattern, record), JSON.stringify(record)).toBe(true);
      });
      it('ignores unrelated events', () => {
        for (const text of accepted) {
          const pattern = parsePattern(text);
          for (const record of ignores) expect(matchesEvent(pattern, record), JSON.stringify(record)).toBe(false);
        }
      });
    });
  }

  it('3.2: MFAUsed "No" matches, "Yes" does not, and a record without additionalEventData never matches != "Yes"', () => {
    const [v12, securityHub] = CIS_MONITORING_PATTERNS['console-signin-without-mfa'].accepted.map(parsePattern);
    expect(matchesEvent(v12!, consoleLogin({ mfaUsed: 'No' }))).toBe(true);
    expect(matchesEvent(v12!, consoleLogin({ mfaUsed: 'Yes' }))).toBe(false);
    expect(matchesEvent(v12!, consoleLogin({}))).toBe(false);
    expect(matchesEvent(v12!, consoleLoginWithoutEventData())).toBe(false);
    expect(matchesEvent(securityHub!, consoleLogin({ mfaUsed: 'No' }))).toBe(true);
    // The Security Hub form only counts successful IAM-user sign-ins; v1.2.0 also counts failures.
    const failed = consoleLogin({ mfaUsed: 'No', outcome: 'Failure' });
    expect(matchesEvent(v12!, failed)).toBe(true);
    expect(matchesEvent(securityHub!, failed)).toBe(false);
    expect(patternsEquivalent(v12!, securityHub!)).toBe(false);
  });

  it('3.3: root console use matches; AwsServiceEvent and invokedBy records do not', () => {
    const root = parsePattern(CIS_MONITORING_PATTERNS['root-account-usage'].accepted[0]!);
    expect(matchesEvent(root, rootConsoleAction())).toBe(true);
    expect(matchesEvent(root, rootServiceEvent())).toBe(false);
    expect(matchesEvent(root, rootInvokedByService())).toBe(false);
    expect(matchesEvent(root, consoleLogin({ mfaUsed: 'Yes' }))).toBe(false);
  });

  it('3.7–3.9 parse as a source clause and-ed with an or-group of event names', () => {
    for (const event of ['cmk-disable-or-deletion', 's3-bucket-policy-changes', 'config-changes'] as const) {
      const pattern = parsePattern(CIS_MONITORING_PATTERNS[event].accepted[0]!);
      expect(pattern.kind).toBe('and');
      if (pattern.kind !== 'and') continue;
      expect(pattern.operands.map((o) => o.kind)).toEqual(['compare', 'or']);
    }
  });
});
