import type { FakeIamPolicy, FakeIamRole, FakeIamUser } from '../test/fake-aws/account.js';
import type { FakeIdentity, FakeOrgUnit } from '../test/fake-aws/identity.js';

// The identity state only the newer benchmarks read: server certificates, identity providers, the AWS-managed
// policy documents of what the account attaches, Access Analyzer, the account contacts, and the organization the
// scanned account manages (a few guardrail policies, two delegated administrators, OUs two levels deep).

export interface IdentitySpec {
  serverCertificates: number;
  /** Top-level OUs, each with this many children. */
  orgUnits: [number, number];
}

export const IDENTITY_SPECS = {
  small: { serverCertificates: 1, orgUnits: [0, 0] },
  large: { serverCertificates: 6, orgUnits: [4, 2] },
  xl: { serverCertificates: 24, orgUnits: [4, 2] },
} as const satisfies Record<string, IdentitySpec>;

const doc = (actions: string[]) => ({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: '*' }] });

export function generateIdentity(
  spec: IdentitySpec, A: string, now: Date, home: string,
  iam: { users: FakeIamUser[]; roles: FakeIamRole[]; policies: FakeIamPolicy[] },
): FakeIdentity {
  const attachedAws = [...new Set([...iam.users, ...iam.roles].flatMap((e) => (e.AttachedManagedPolicies ?? []).map((p) => p.PolicyArn)))]
    .filter((arn) => arn.includes(':iam::aws:policy/')).sort();
  const units: FakeOrgUnit[] = Array.from({ length: spec.orgUnits[0] }, (_, i) => ({
    Id: `ou-root-${i}abc`, Name: ['Workloads', 'Security', 'Infrastructure', 'Sandbox'][i % 4]!,
    children: Array.from({ length: spec.orgUnits[1] }, (_, k) => ({ Id: `ou-${i}-${k}def`, Name: k === 0 ? 'Prod' : 'NonProd' })),
  }));
  const day = 86_400_000;
  return {
    // One in three expired (the load balancer moved to ACM and nobody cleaned up).
    serverCertificates: Array.from({ length: spec.serverCertificates }, (_, i) => ({
      ServerCertificateName: `legacy-elb-${i}`, Expiration: new Date(now.getTime() + (i % 3 === 0 ? -30 : 200) * day).toISOString(),
    })),
    samlProviders: [`arn:aws:iam::${A}:saml-provider/CorporateIdP`],
    oidcProviders: [`arn:aws:iam::${A}:oidc-provider/token.actions.githubusercontent.com`],
    awsManagedPolicies: Object.fromEntries(attachedAws.map((arn) => [arn, {
      DefaultVersionId: 'v3', Document: arn.endsWith('/AWSSupportAccess') ? doc(['support:*']) : doc(['s3:Get*', 'ec2:Describe*', 'logs:PutLogEvents']),
    }])),
    analyzers: { [home]: [{ name: 'org-external-access', type: 'ORGANIZATION', status: 'ACTIVE' }] },
    alternateContacts: {
      SECURITY: { Name: 'Security Operations', Title: 'SecOps', EmailAddress: 'secops@example.com', PhoneNumber: '+1 555 0100' },
      BILLING: { Name: 'Finance', Title: 'Accounts payable', EmailAddress: 'aws-billing@example.com', PhoneNumber: '+1 555 0101' },
    },
    contactInformation: {
      FullName: 'Example Corp Cloud Team', CompanyName: 'Example Corp', AddressLine1: '1 Example Way', City: 'Seattle',
      PostalCode: '98101', CountryCode: 'US', PhoneNumber: '+1 555 0102',
    },
    organization: spec.orgUnits[0] === 0 ? null : {
      Id: 'o-bench1234', MasterAccountId: A, FeatureSet: 'ALL', iamFeatures: ['RootCredentialsManagement', 'RootSessions'],
      policies: [
        { Id: 'p-FullAWSAccess', Name: 'FullAWSAccess', Type: 'SERVICE_CONTROL_POLICY', AwsManaged: true, targets: [{ TargetId: 'r-bench', Name: 'Root', Type: 'ROOT' }] },
        { Id: 'p-denyregions', Name: 'deny-unused-regions', Type: 'SERVICE_CONTROL_POLICY', targets: units.map((u) => ({ TargetId: u.Id, Name: u.Name, Type: 'ORGANIZATIONAL_UNIT' as const })) },
        { Id: 'p-protectaudit', Name: 'protect-audit-trail', Type: 'SERVICE_CONTROL_POLICY', targets: [{ TargetId: 'r-bench', Name: 'Root', Type: 'ROOT' }] },
        { Id: 'p-rcpidentity', Name: 'deny-external-principals', Type: 'RESOURCE_CONTROL_POLICY', targets: [{ TargetId: 'r-bench', Name: 'Root', Type: 'ROOT' }] },
      ],
      delegatedAdmins: [
        { Id: '210987654321', Name: 'security-tooling', services: ['access-analyzer.amazonaws.com', 'securityhub.amazonaws.com', 'guardduty.amazonaws.com'] },
        { Id: '210987654322', Name: 'log-archive', services: ['cloudtrail.amazonaws.com'] },
      ],
      resourcePolicy: JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'DelegatingNecessaryDescribeListActions', Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::210987654321:root' }, Action: ['organizations:Describe*', 'organizations:List*'], Resource: '*' }] }),
      rootId: 'r-bench',
      units,
    },
  };
}
